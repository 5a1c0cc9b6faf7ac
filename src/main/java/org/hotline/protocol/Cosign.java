package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * A principal of the author's side co-signs a joint statement draft: the draft entry's hash, the
 * text hash, and the principal's Ed25519 signature over the text hash. Whether the key was the
 * principal's is the transcript's to say, as for letters.
 */
public record Cosign(Hash draft, Hash textHash, String principal, VerifyingKey key, String signature) implements Body {
    public static final String TYPE = "cosign";

    public Cosign {
        requireNonNull(draft, "draft is null");
        requireNonNull(textHash, "textHash is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(key, "key is null");
        requireNonNull(signature, "signature is null");
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
