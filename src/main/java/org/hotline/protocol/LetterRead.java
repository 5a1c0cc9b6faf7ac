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

    /**
     * Why {@code receipt} (an entry whose body is a {@code LetterRead}) does not count as the read
     * receipt of the letter it names; empty when it does. It counts only if the letter is on the
     * line ({@code letter}, found by the hash the receipt names), the receipt is by the station
     * the letter was addressed to (not the writing one), had received the letter ({@code seen}),
     * names the addressed principal, and is signed with that principal's key current at the
     * receipt's place in its chain, per {@code readerKeys}, the reading station's principal
     * directory. Anyone holding a station key can sign a receipt; only this makes it the reader's.
     */
    public static java.util.Optional<String> problem(Entry receipt, java.util.Optional<SignedEntry> letter, PrincipalDirectory readerKeys) {
        if (!(receipt.body() instanceof LetterRead read)) {
            throw new IllegalArgumentException("not a letter-read entry: " + receipt.body().type());
        }
        if (letter.isEmpty() || !(letter.get().entry().body() instanceof Letter addressed)) {
            return java.util.Optional.of("it names no letter on the line");
        }
        Entry written = letter.get().entry();
        if (receipt.author().equals(written.author())) {
            return java.util.Optional.of("it is by the station that wrote the letter, not the one it was addressed to");
        }
        if (!read.by().equals(addressed.to())) {
            return java.util.Optional.of("the letter is for " + StrictJson.clip(addressed.to()) + ", not " + StrictJson.clip(read.by()));
        }
        if (receipt.seen().seq() < written.seq()) {
            return java.util.Optional.of("its station had not received the letter when it wrote the receipt");
        }
        return switch (readerKeys.keyAt(read.by(), read.key(), receipt.seq())) {
            // Current at the receipt's place: a later rotation does not undo a receipt already given.
            case PrincipalDirectory.Valid valid -> java.util.Optional.empty();
            case PrincipalDirectory.Invalid invalid -> java.util.Optional.of(invalid.reason());
        };
    }

    @Override
    public String type() {
        return TYPE;
    }
}
