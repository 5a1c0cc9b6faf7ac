package org.hotline.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCKOUT = Duration.ofSeconds(30);
    public static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofHours(1);

    private final Store store;
    private final Passwords passwords;
    private final SecureRandom random;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant lockedUntil) {}

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

    /** A token for a user, with the user's role, that lasts until revoked: {@code hotline token create --user}. */
    public String createToken(String tokenName, User user) {
        String token = Tokens.newSecret(random, "hl_");
        store.insertToken(new ApiToken(Tokens.hashOf(token), tokenName, user.role(), clock.instant(), Optional.of(user.name()),
                Optional.empty()));
        return token;
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
        store.insertToken(new ApiToken(Tokens.hashOf(token), "login " + name, user.role(), now, Optional.of(name),
                Optional.of(expires)));
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
            Instant now = clock.instant();
            String key = name == null ? "" : name;
            Failures before = failures.get(key);
            if (before != null && before.lockedUntil() != null && now.isBefore(before.lockedUntil())) {
                long seconds = Math.max(1, Duration.between(now, before.lockedUntil()).toSeconds());
                throw new HotlineException(ErrorCode.TOO_MANY_REQUESTS,
                        "too many failed logins for this user; try again in " + seconds + " s");
            }
            Optional<User> user = name == null ? Optional.empty() : store.user(name);
            boolean good = user.isPresent() ? passwords.verify(password, user.get().passwordHash()) : passwords.verifyNobody(password);
            if (!good) {
                if (failures.size() > 10_000) {
                    // Names that do not exist must not fill the heap: forget every streak that is not a lockout now.
                    failures.values().removeIf(f -> f.lockedUntil() == null || !now.isBefore(f.lockedUntil()));
                }
                failures.compute(key, (k, old) -> {
                    int count = (old == null || old.lockedUntil() != null && !now.isBefore(old.lockedUntil())) ? 1 : old.count() + 1;
                    return new Failures(count, count >= MAX_FAILURES ? now.plus(LOCKOUT) : null);
                });
                throw new HotlineException(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
            }
            failures.remove(key);
            return user.get();
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
