package org.hotline.protocol;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** An X25519 public key: what a letter is sealed to (HPKE, RFC 9180). */
public final class SealingPublicKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private SealingPublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SealingPublicKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an X25519 public key is " + LENGTH + " bytes, got " + bytes.length);
        }
        byte[] copy = bytes.clone();
        boolean allZero = true;
        for (byte b : copy) {
            allZero &= b == 0;
        }
        if (allZero) {
            throw new IllegalArgumentException("the all-zero X25519 key is not a key");
        }
        return new SealingPublicKey(copy);
    }

    public static SealingPublicKey fromBase64(String text) {
        return of(Base64.getDecoder().decode(text));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealingPublicKey that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SealingPublicKey[" + base64().substring(0, 8) + "]";
    }
}
