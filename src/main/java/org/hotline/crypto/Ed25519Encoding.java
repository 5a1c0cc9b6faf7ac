package org.hotline.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.VerifyingKey;

/**
 * Ed25519 keys in their standard encodings (RFC 8410), so the JDK's TLS stack can use the very key
 * that signs entries. The DER prefixes are fixed for Ed25519.
 */
public final class Ed25519Encoding {
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Encoding() {}

    public static byte[] pkcs8(SigningKey key) {
        return concat(PKCS8_PREFIX, key.seed());
    }

    static byte[] seedFromPkcs8(byte[] der) {
        if (der.length != PKCS8_PREFIX.length + SigningKey.SEED_LENGTH
                || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 key");
        }
        return Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
    }

    public static PrivateKey jdkPrivateKey(SigningKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(key)));
    }

    public static PublicKey jdkPublicKey(VerifyingKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, key.bytes())));
    }

    /** The raw Ed25519 key inside a certificate's public key, or an exception if it is not one. */
    public static VerifyingKey fromJdkPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null
                || spki.length != SPKI_PREFIX.length + VerifyingKey.LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key (" + key.getAlgorithm() + ")");
        }
        return VerifyingKey.of(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
