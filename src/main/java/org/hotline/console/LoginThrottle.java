package org.hotline.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** After five wrong passwords for a user, that user's sign-in pauses for thirty seconds. */
final class LoginThrottle {
    private static final int FAILURES = 5;
    private static final Duration PAUSE = Duration.ofSeconds(30);

    private record Failures(int count, Instant last) {}

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    boolean mayTry(String user) {
        Failures seen = failures.get(user);
        if (seen == null || seen.count() < FAILURES) {
            return true;
        }
        if (seen.last().plus(PAUSE).isBefore(clock.instant())) {
            failures.remove(user);
            return true;
        }
        return false;
    }

    void failed(String user) {
        failures.merge(user, new Failures(1, clock.instant()), (old, one) -> new Failures(old.count() + 1, one.last()));
    }

    void succeeded(String user) {
        failures.remove(user);
    }
}
