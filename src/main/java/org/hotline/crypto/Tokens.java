package org.hotline.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.hotline.protocol.Hash;

/**
 * Bearer tokens and one-time secrets: 32 random bytes, shown once, stored only as their SHA-256.
 * Lookups go by hash, and hash equality is constant-time, so no timing reveals a prefix.
 */
public final class Tokens {
    private Tokens() {}

    public static String newSecret(SecureRandom random, String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static Hash hashOf(String secret) {
        return Hash.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }
}
