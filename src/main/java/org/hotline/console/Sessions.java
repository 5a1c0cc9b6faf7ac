package org.hotline.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.store.Role;

/**
 * Console sessions, in memory: a station restart signs everyone out, which is the safe side. A
 * session ends after twelve idle hours, long enough for a night on watch.
 */
final class Sessions {
    static final Duration IDLE_LIMIT = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 1000;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** The language each user chose last, so that a new session speaks it too. */
    private final Map<String, String> languages = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;

    Sessions(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    Session open(String user, Role role, String browserLanguage) {
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> expired(s));
        }
        Session session = new Session(secret(), user, role, secret(), languages.getOrDefault(user, browserLanguage), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    Optional<Session> find(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session)) {
            sessions.remove(id);
            return Optional.empty();
        }
        // computeIfPresent, not put: a sign-out between the read and this write must stay a sign-out.
        return Optional.ofNullable(sessions.computeIfPresent(id, (key, current) -> current.seen(clock.instant())));
    }

    Session speak(Session session, String language) {
        languages.put(session.user(), language);
        Session changed = sessions.computeIfPresent(session.id(), (key, current) -> current.speaking(language));
        return changed == null ? session.speaking(language) : changed;
    }

    void close(Session session) {
        sessions.remove(session.id());
    }

    String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares a submitted form token with the session's, in constant time. */
    static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                given.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private boolean expired(Session session) {
        return session.lastSeen().plus(IDLE_LIMIT).isBefore(clock.instant());
    }
}
