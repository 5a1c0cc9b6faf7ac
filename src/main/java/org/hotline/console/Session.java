package org.hotline.console;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.store.Role;

/** A signed-in console user: who, with which role, the form token that proves a request is ours, and the language. */
record Session(String id, String user, Role role, String csrf, String language, Instant lastSeen) {
    Session {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
        requireNonNull(csrf, "csrf is null");
        requireNonNull(language, "language is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }

    Session seen(Instant at) {
        return new Session(id, user, role, csrf, language, at);
    }

    Session withRole(Role current) {
        return new Session(id, user, current, csrf, language, lastSeen);
    }

    Session speaking(String newLanguage) {
        return new Session(id, user, role, csrf, newLanguage, lastSeen);
    }

    boolean maySend() {
        return Permissions.maySend(role);
    }

    boolean mayCut() {
        return Permissions.mayCut(role);
    }
}
