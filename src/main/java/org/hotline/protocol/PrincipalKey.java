package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The author's station announces a principal's public keys: an Ed25519 key that signs the
 * principal's letters and statements, and an X25519 key that letters to the principal are sealed
 * to. The station signs the entry, vouching that this person is its principal. A rotation names
 * the key it replaces and carries that old key's signature over the new keys
 * ({@link #rotationMessage}), so the other side accepts new keys only from whoever held the old
 * ones. The signature is checked when the entry is parsed; whether the old key is the one the
 * other side knows is a question of the transcript, answered by whoever folds it.
 */
public record PrincipalKey(String name, VerifyingKey signing, SealingPublicKey sealing, Optional<Rotation> rotation) implements Body {
    public static final String TYPE = "principal-key";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final byte[] ROTATION_CONTEXT = "hotline principal-key rotation v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINGERPRINT_CONTEXT = "hotline principal-key fingerprint v1\n".getBytes(StandardCharsets.US_ASCII);

    /** The key being replaced, and its Ed25519 signature over {@link #rotationMessage} of the new keys. */
    public record Rotation(VerifyingKey previous, Signature signature) {
        public Rotation {
            requireNonNull(previous, "previous is null");
            requireNonNull(signature, "signature is null");
        }
    }

    /** 64 bytes of Ed25519 signature, compared by value. */
    public record Signature(String base64) {
        public Signature {
            requireNonNull(base64, "signature is null");
            if (Base64.getDecoder().decode(base64).length != 64) {
                throw new IllegalArgumentException("an Ed25519 signature is 64 bytes");
            }
        }

        public static Signature of(byte[] bytes) {
            return new Signature(Base64.getEncoder().encodeToString(bytes));
        }

        public byte[] bytes() {
            return Base64.getDecoder().decode(base64);
        }
    }

    public PrincipalKey {
        requireNonNull(name, "name is null");
        requireNonNull(signing, "signing is null");
        requireNonNull(sealing, "sealing is null");
        requireNonNull(rotation, "rotation is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a principal's name is 1-64 characters of a-z, 0-9, '.', '_', '-'");
        }
        if (rotation.isPresent()) {
            Rotation r = rotation.get();
            if (r.previous().equals(signing)) {
                throw new IllegalArgumentException("a rotation must change the signing key");
            }
            if (!r.previous().verify(rotationMessage(name, signing, sealing), r.signature().bytes())) {
                throw new IllegalArgumentException("the rotation is not signed by the key it replaces");
            }
        }
    }

    /** A first announcement: no key before it. */
    public static PrincipalKey first(String name, VerifyingKey signing, SealingPublicKey sealing) {
        return new PrincipalKey(name, signing, sealing, Optional.empty());
    }

    /** A rotation to new keys, signed by the key being replaced. */
    public static PrincipalKey rotate(String name, SigningKey previous, VerifyingKey signing, SealingPublicKey sealing) {
        byte[] signature = previous.sign(rotationMessage(name, signing, sealing));
        return new PrincipalKey(name, signing, sealing, Optional.of(new Rotation(previous.verifyingKey(), Signature.of(signature))));
    }

    /** What the old key signs: a context string, the name, the new signing key and the new sealing key. */
    public static byte[] rotationMessage(String name, VerifyingKey signing, SealingPublicKey sealing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ROTATION_CONTEXT);
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.writeBytes(signing.bytes());
        out.writeBytes(sealing.bytes());
        return out.toByteArray();
    }

    /** What people compare out of band: 128 bits of SHA-256 over both public keys, in eight groups of four hex digits. */
    public static String fingerprint(VerifyingKey signing, SealingPublicKey sealing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FINGERPRINT_CONTEXT);
        out.writeBytes(signing.bytes());
        out.writeBytes(sealing.bytes());
        String hex = HexFormat.of().formatHex(Hash.sha256(out.toByteArray()).bytes(), 0, 16);
        return String.join(" ", hex.split("(?<=\\G.{4})"));
    }

    public String fingerprint() {
        return fingerprint(signing, sealing);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
