package org.hotline.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hotline.crypto.Passwords;
import org.hotline.crypto.Tokens;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.store.ApiToken;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.store.User;

/**
 * The station's people: adding users, listing them, and logging in with a password for a
 * short-lived token of the user's role. After {@link #MAX_FAILURES} wrong passwords in a row a
 * user's logins are refused for {@link #LOCKOUT}, whatever the password, so guessing online is slow.
 */
public final class Users {
    public static final int MAX_FAILURES = Lockout.MAX_FAILURES;
    public static final Duration LOCKOUT = Lockout.LOCKOUT;
    public static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofHours(1);
    /** A token made without a lifetime lasts this long, unless its maker's token ends sooner. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);
    /** No token made through the API or the CLI lasts longer: only the station's own {@code cli.token} never expires. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(365);

    private final Store store;
    private final Passwords passwords;
    private final SecureRandom random;
    private final Clock clock;
    private final Lockout logins;

    /** A token issued at login: the secret (shown once), its role and when it expires. */
    public record Issued(String token, String user, Role role, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[" + user + ", " + role.wireName() + ", until " + expiresAt + "]";
        }
    }

    public Users(Store store, Passwords passwords, SecureRandom random, Clock clock) {
        this.store = store;
        this.passwords = passwords;
        this.random = random;
        this.clock = clock;
        this.logins = new Lockout("logins", clock);
    }

    /** Adds a user; the password is hashed with Argon2id and wiped from {@code password}. */
    public User add(String name, Role role, char[] password) {
        try {
            User.checkName(name);
            String weakness = Passwords.weakness(password);
            if (weakness != null) {
                throw new IllegalArgumentException(weakness);
            }
            User user = new User(name, role, passwords.hash(password), clock.instant());
            if (!store.insertUser(user)) {
                throw new IllegalArgumentException("there is already a user called " + name);
            }
            return user;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public List<User> list() {
        return store.users();
    }

    public Optional<User> find(String name) {
        return store.user(name);
    }

    /**
     * Makes a token with the authority of {@code maker} (the token of the request): for the maker's
     * own user, or, only when the maker is the station's own user (who administers the station),
     * for another user. The new token's role is at most the maker's and the holder's, and it ends
     * no later than the maker's token, and within {@link #MAX_TOKEN_LIFETIME}.
     */
    public Issued mint(ApiToken maker, String tokenName, String forUser, Optional<Role> wanted, Optional<Duration> lifetime) {
        String name = tokenName == null ? "" : tokenName.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a token needs a name of 1-100 characters");
        }
        if (!forUser.equals(maker.user()) && !maker.user().equals(User.STATION)) {
            // A person's token acts for that person alone: making one for someone else would let it act as them.
            throw new HotlineException(ErrorCode.FORBIDDEN, "this token is " + maker.user() + "'s; it may make tokens only for "
                    + maker.user());
        }
        User holder = store.user(forUser).orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no user called " + forUser));
        Role ceiling = maker.role().atMost(holder.role());
        // By default: operator for oneself (as before), the holder's role (within the maker's) for another user.
        Role role = wanted.orElse(forUser.equals(maker.user()) ? ceiling.atMost(Role.OPERATOR) : ceiling);
        if (!ceiling.includes(role)) {
            // No way up: an operator's token cannot mint a principal's, nor anyone a token above its holder.
            throw new HotlineException(ErrorCode.FORBIDDEN, "role " + ceiling.wireName() + " may not create a " + role.wireName()
                    + " token" + (forUser.equals(maker.user()) ? "" : " for " + forUser));
        }
        Duration asked = lifetime.orElse(DEFAULT_TOKEN_LIFETIME);
        if (asked.isNegative() || asked.isZero() || asked.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a token lasts from 1 hour to " + MAX_TOKEN_LIFETIME.toDays() + " days");
        }
        Instant now = clock.instant();
        Instant expires = now.plus(asked);
        if (maker.expiresAt().isPresent() && maker.expiresAt().get().isBefore(expires)) {
            // Never outlives the token that made it: a one-hour login makes tokens of an hour at most.
            expires = maker.expiresAt().get();
        }
        String token = Tokens.newSecret(random, "hl_");
        store.insertToken(new ApiToken(Tokens.hashOf(token), name, role, now, forUser, Optional.of(expires)));
        return new Issued(token, forUser, role, expires);
    }

    /** Tokens of {@code user}, or of everyone if empty. */
    public List<ApiToken> tokens(Optional<String> user) {
        return store.tokens(user);
    }

    /**
     * Revokes a token by id for {@code by}: a user revokes their own tokens; a principal (who
     * administers users) anyone's but the station's own user's, which only that user's tokens revoke.
     */
    public void revoke(ApiToken by, String id) {
        if (!id.matches("[0-9a-f]{" + ApiToken.ID_LENGTH + "}")) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a token id is " + ApiToken.ID_LENGTH + " hex digits; see hotline token list");
        }
        boolean admin = by.role() == Role.PRINCIPAL;
        Optional<String> owner = admin ? store.tokens(Optional.empty()).stream().filter(t -> t.id().equals(id)).map(ApiToken::user)
                .findFirst() : Optional.of(by.user());
        if (owner.isPresent() && owner.get().equals(User.STATION) && !by.user().equals(User.STATION)) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "the station's own tokens are revoked only with the station token");
        }
        if (owner.isEmpty() || !store.revokeToken(id, owner, clock.instant())) {
            throw new HotlineException(ErrorCode.NOT_FOUND, "no token " + id + (admin ? "" : " of " + by.user()) + "; see hotline token list");
        }
    }

    /** Removes a user and revokes all their tokens at once. The station's own user stays. */
    public void remove(String name) {
        refuseStation(name);
        if (!store.removeUser(name, clock.instant())) {
            throw new HotlineException(ErrorCode.NOT_FOUND, "no user called " + name);
        }
    }

    /** Gives a user another role; their tokens carry it from their next request (never above what each was made with). */
    public void changeRole(String name, Role role) {
        refuseStation(name);
        if (!store.setUserRole(name, role)) {
            throw new HotlineException(ErrorCode.NOT_FOUND, "no user called " + name);
        }
    }

    private static void refuseStation(String name) {
        if (User.STATION.equals(name)) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "the station's own user is built in: it cannot be removed or change role");
        }
    }

    /**
     * Checks the password and issues a token of the user's role valid for {@link #LOGIN_TOKEN_LIFETIME}.
     * A wrong name and a wrong password get the same answer after the same work.
     */
    public Issued login(String name, char[] password) {
        User user = check(name, password);
        Instant now = clock.instant();
        Instant expires = now.plus(LOGIN_TOKEN_LIFETIME);
        String token = Tokens.newSecret(random, "hl_");
        store.insertToken(new ApiToken(Tokens.hashOf(token), "login " + name, user.role(), now, name, Optional.of(expires)));
        return new Issued(token, name, user.role(), expires);
    }

    /**
     * The role of a user whose password is right, for the console's sign-in; empty otherwise,
     * under the same lockout as {@link #login}.
     */
    public Optional<Role> authenticate(String name, char[] password) {
        try {
            return Optional.of(check(name, password).role());
        } catch (HotlineException e) {
            return Optional.empty();
        }
    }

    /** The user, if the password is right and the user is not locked out; wipes {@code password}. */
    private User check(String name, char[] password) {
        try {
            String key = name == null ? "" : name;
            logins.check(key);
            // The station's own user has no password: it is checked like a name that does not exist.
            Optional<User> user = name == null || name.equals(User.STATION) ? Optional.empty() : store.user(name);
            boolean good;
            try {
                good = user.isPresent() ? passwords.verify(password, user.get().passwordHash()) : passwords.verifyNobody(password);
            } catch (Passwords.CostTooHighException e) {
                throw new HotlineException(ErrorCode.CONFLICT, name + "'s stored password hash is refused: " + e.getMessage()
                        + "; set a new password");
            }
            if (!good) {
                logins.failed(key);
                throw new HotlineException(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
            }
            logins.succeeded(key);
            return user.get();
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
