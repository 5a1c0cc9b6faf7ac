package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.Hash;

/** An API token as stored: the SHA-256 of the secret, never the secret. */
public record ApiToken(Hash tokenHash, String name, Role role, Instant createdAt) {
    public ApiToken {
        requireNonNull(tokenHash, "tokenHash is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
