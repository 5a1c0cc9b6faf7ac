package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * A principal of the author's side co-signs a joint statement draft: the draft entry's hash, the
 * text hash, and the principal's Ed25519 signature over the text hash. Whether the key was the
 * principal's is the transcript's to say, as for letters.
 *
 * <p>{@code keys} is written by the station: the hash of its own latest {@code principal-key}
 * entry for the principal before this one. A joint statement's key history must end there, and
 * each entry in it must follow from the one before by the rotation rules, so a rotation left out
 * of the document shows (an omission in the middle breaks the rotations, one at the end misses
 * this anchor). Entries written before it existed lack it.
 */
public record Cosign(Hash draft, Hash textHash, String principal, VerifyingKey key, String signature, java.util.Optional<Hash> keys)
        implements Body {
    public static final String TYPE = "cosign";

    /** A co-signature without the key-history anchor (as written before it existed). */
    public Cosign(Hash draft, Hash textHash, String principal, VerifyingKey key, String signature) {
        this(draft, textHash, principal, key, signature, java.util.Optional.empty());
    }

    public Cosign {
        requireNonNull(draft, "draft is null");
        requireNonNull(textHash, "textHash is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(key, "key is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(keys, "keys is null");
        if (Base64.getDecoder().decode(signature).length != 64) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes");
        }
    }

    public boolean verifies() {
        return key.verify(textHash.bytes(), Base64.getDecoder().decode(signature));
    }

    @Override
    public String type() {
        return TYPE;
    }
}
