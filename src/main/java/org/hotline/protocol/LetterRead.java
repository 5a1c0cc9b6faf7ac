package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The addressed principal opened a letter: the hash of the letter's entry, who read it, and that
 * principal's Ed25519 signature over the hash, so the receipt is theirs and not only the station's.
 */
public record LetterRead(Hash letter, String by, VerifyingKey key, String signature) implements Body {
    public static final String TYPE = "letter-read";
    private static final byte[] CONTEXT = "hotline letter-read v1\n".getBytes(StandardCharsets.US_ASCII);

    public LetterRead {
        requireNonNull(letter, "letter is null");
        requireNonNull(by, "by is null");
        requireNonNull(key, "key is null");
        requireNonNull(signature, "signature is null");
        if (!key.verify(signedBytes(letter, by), Base64.getDecoder().decode(signature))) {
            throw new IllegalArgumentException("the read receipt is not signed by the key it names");
        }
    }

    public static byte[] signedBytes(Hash letter, String by) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CONTEXT);
        out.writeBytes(letter.bytes());
        out.writeBytes(by.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    public static LetterRead sign(Hash letter, String by, SigningKey key) {
        return new LetterRead(letter, by, key.verifyingKey(), Base64.getEncoder().encodeToString(key.sign(signedBytes(letter, by))));
    }

    @Override
    public String type() {
        return TYPE;
    }
}
