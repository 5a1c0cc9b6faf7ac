package org.hotline.protocol;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key: verifies entries and receipts. */
public final class VerifyingKey {
    public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;
    private final Ed25519PublicKeyParameters key;

    private VerifyingKey(Ed25519PublicKeyParameters key) {
        this.key = key;
    }

    public static VerifyingKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new VerifyingKey(new Ed25519PublicKeyParameters(bytes, 0));
    }

    static VerifyingKey of(Ed25519PublicKeyParameters key) {
        return new VerifyingKey(key);
    }

    public static VerifyingKey fromBase64(String text) {
        return of(Base64.getDecoder().decode(text));
    }

    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return key.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }

    public byte[] bytes() {
        return key.getEncoded();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }

    public StationId stationId() {
        return StationId.of(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifyingKey that && MessageDigest.isEqual(bytes(), that.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        return "VerifyingKey[" + stationId().shortForm() + "]";
    }
}
