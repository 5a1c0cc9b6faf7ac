package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.Hash;

/**
 * An API token as stored: the SHA-256 of the secret, never the secret. A token made for a user
 * ({@code hotline token create --user}, or a login) names that user and carries the user's role;
 * a login's token also expires.
 */
public record ApiToken(Hash tokenHash, String name, Role role, Instant createdAt, Optional<String> user, Optional<Instant> expiresAt) {
    public ApiToken {
        requireNonNull(tokenHash, "tokenHash is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(user, "user is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    /** A station token, held by no user in particular, that never expires. */
    public ApiToken(Hash tokenHash, String name, Role role, Instant createdAt) {
        this(tokenHash, name, role, createdAt, Optional.empty(), Optional.empty());
    }

    public boolean expired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }
}
