package org.hotline.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.hotline.protocol.SigningKey;

/**
 * The station's identity key on disk: the Ed25519 private key as PKCS#8 PEM (RFC 8410), mode
 * 0600. Readable by openssl: {@code openssl pkey -in identity.key -pubout}.
 */
public final class StationKeyFile {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private StationKeyFile() {}

    public static void write(Path file, SigningKey key) throws IOException {
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Ed25519Encoding.pkcs8(key))
                + "\n" + END + "\n";
        SecretFiles.create(file, pem.getBytes(StandardCharsets.US_ASCII));
    }

    public static SigningKey read(Path file) throws IOException {
        String pem = new String(SecretFiles.read(file), StandardCharsets.US_ASCII).trim();
        if (!pem.startsWith(BEGIN) || !pem.endsWith(END)) {
            throw new IOException(file + " is not a PEM private key file");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(BEGIN.length(), pem.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds invalid base64", e);
        }
        try {
            return SigningKey.fromSeed(Ed25519Encoding.seedFromPkcs8(der));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold an Ed25519 private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
