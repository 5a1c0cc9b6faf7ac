package org.hotline.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (Bouncy Castle), stored as a PHC string that carries its own
 * parameters and salt ({@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}), so the cost can be raised
 * later without breaking stored hashes. Verification recomputes and compares in constant time.
 * Each hash takes {@code m} KiB of memory; at most {@link #CONCURRENT} run at once, so a flood of
 * logins cannot exhaust the heap.
 */
public final class Passwords {
    /** Argon2id cost: memory in KiB, passes, lanes. */
    public record Cost(int memoryKiB, int iterations, int parallelism) {
        public Cost {
            if (memoryKiB < 8 * parallelism || memoryKiB > 1024 * 1024 || iterations < 1 || iterations > 20 || parallelism < 1
                    || parallelism > 16) {
                throw new IllegalArgumentException("Argon2 cost out of range: m=" + memoryKiB + " t=" + iterations + " p=" + parallelism);
            }
        }
    }

    /** 64 MiB, 3 passes, 1 lane: OWASP's first Argon2id choice is 19 MiB/t=2; this is stronger. */
    public static final Cost STANDARD = new Cost(64 * 1024, 3, 1);
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 1024;
    static final int CONCURRENT = 2;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");

    private final Cost cost;
    private final SecureRandom random;
    private final Semaphore running = new Semaphore(CONCURRENT, true);
    /** Hashed against when the user does not exist, so a wrong name costs as long as a wrong password. */
    private volatile String decoy;

    public Passwords(Cost cost, SecureRandom random) {
        this.cost = cost;
        this.random = random;
    }

    public Cost cost() {
        return cost;
    }

    /** Why {@code password} is not acceptable, or null if it is. */
    public static String weakness(char[] password) {
        if (password.length < MIN_LENGTH) {
            return "a password has at least " + MIN_LENGTH + " characters";
        }
        if (password.length > MAX_LENGTH) {
            return "a password has at most " + MAX_LENGTH + " characters";
        }
        return null;
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, cost);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** True if {@code password} matches {@code encoded}; compares in constant time. A malformed hash never matches. */
    public boolean verify(char[] password, String encoded) {
        Matcher matcher = PHC.matcher(encoded);
        if (!matcher.matches()) {
            return false;
        }
        Cost stored;
        try {
            stored = new Cost(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        } catch (IllegalArgumentException e) {
            return false;
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] salt = base64.decode(matcher.group(4));
        byte[] expected = base64.decode(matcher.group(5));
        byte[] actual = derive(password, salt, stored, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    /** Spends the time of one verification and returns false: for a user who does not exist. */
    public boolean verifyNobody(char[] password) {
        String against = decoy;
        if (against == null) {
            // Made on first need, not at start: a station that never sees a login never pays for it.
            against = hash("decoy password for unknown users".toCharArray());
            decoy = against;
        }
        verify(password, against);
        return false;
    }

    private byte[] derive(char[] password, byte[] salt, Cost with) {
        return derive(password, salt, with, HASH_BYTES);
    }

    private byte[] derive(char[] password, byte[] salt, Cost with, int length) {
        running.acquireUninterruptibly();
        try {
            return argon2id(password, salt, with, length);
        } finally {
            running.release();
        }
    }

    /** Raw Argon2id: {@code length} bytes from the password's UTF-8 and the salt. Also the passphrase KDF for sealed keys. */
    public static byte[] argon2id(char[] password, byte[] salt, Cost with, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(with.memoryKiB())
                .withIterations(with.iterations())
                .withParallelism(with.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] exact = new byte[encoded.remaining()];
        encoded.get(exact);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        byte[] out = new byte[length];
        try {
            generator.generateBytes(exact, out);
        } finally {
            Arrays.fill(exact, (byte) 0);
        }
        return out;
    }
}
