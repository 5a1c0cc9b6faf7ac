package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.Hash;

/**
 * An API token as stored: the SHA-256 of the secret, never the secret. Every token belongs to a
 * user (the station's own CLI token to the built-in user {@link User#STATION}) and carries a role
 * no higher than that user's; a token may expire. Read back from the store, {@code role} is already
 * the lower of the token's own role and its user's current one.
 */
public record ApiToken(Hash tokenHash, String name, Role role, Instant createdAt, String user, Optional<Instant> expiresAt) {
    /** How many hex digits of the hash name a token in lists and revocations: 64 bits, never the secret. */
    public static final int ID_LENGTH = 16;

    public ApiToken {
        requireNonNull(tokenHash, "tokenHash is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(user, "user is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    /** The token's public id: the first {@link #ID_LENGTH} hex digits of its hash. */
    public String id() {
        return tokenHash.hex().substring(0, ID_LENGTH);
    }

    public boolean expired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }
}
