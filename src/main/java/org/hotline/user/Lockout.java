package org.hotline.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;

/**
 * After {@link #MAX_FAILURES} wrong guesses in a row for one name (a user's password, a principal's
 * passphrase), that name's attempts are refused for {@link #LOCKOUT}, whatever they guess, so
 * guessing online is slow. Checked before any Argon2 work, so a locked name costs nothing.
 */
public final class Lockout {
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCKOUT = Duration.ofSeconds(30);

    private final String what;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant lockedUntil) {}

    /** {@code what} names the secret in the refusal, e.g. "logins" or "passphrases". */
    public Lockout(String what, Clock clock) {
        this.what = what;
        this.clock = clock;
    }

    /** Refuses with {@code TOO_MANY_REQUESTS} while {@code name} is locked out. */
    public void check(String name) {
        Instant now = clock.instant();
        Failures before = failures.get(name);
        if (before != null && before.lockedUntil() != null && now.isBefore(before.lockedUntil())) {
            long seconds = Math.max(1, Duration.between(now, before.lockedUntil()).toSeconds());
            throw new HotlineException(ErrorCode.TOO_MANY_REQUESTS, "too many failed " + what + " for this user; try again in " + seconds + " s");
        }
    }

    public void failed(String name) {
        Instant now = clock.instant();
        if (failures.size() > 10_000) {
            // Names that do not exist must not fill the heap: forget every streak that is not a lockout now.
            failures.values().removeIf(f -> f.lockedUntil() == null || !now.isBefore(f.lockedUntil()));
        }
        failures.compute(name, (k, old) -> {
            int count = (old == null || old.lockedUntil() != null && !now.isBefore(old.lockedUntil())) ? 1 : old.count() + 1;
            return new Failures(count, count >= MAX_FAILURES ? now.plus(LOCKOUT) : null);
        });
    }

    public void succeeded(String name) {
        failures.remove(name);
    }
}
