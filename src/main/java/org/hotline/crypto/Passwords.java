package org.hotline.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;

/**
 * Password hashing with Argon2id (Bouncy Castle), stored as a PHC string that carries its own
 * parameters and salt ({@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}), so the cost can be raised
 * later without breaking stored hashes. Verification recomputes and compares in constant time.
 * Each hash takes {@code m} KiB of memory. Every Argon2 call of the station (logins, the console's
 * sign-in, adding users, unlocking a principal's keys) runs in one pool of {@link #CONCURRENT}
 * threads with a queue of {@link #QUEUED}: a flood is refused at once with {@code TOO_MANY_REQUESTS}
 * instead of queueing everyone behind it, and the heap never holds more than {@link #CONCURRENT}
 * Argon2 memories. No stored parameters above {@link #MAXIMUM} are ever run.
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
    /**
     * The most a stored hash or locked key may ask for: 128 MiB, 6 passes, 4 lanes (twice the
     * standard memory, room to raise it). Whoever can write a blob must not make the station spend
     * a GiB and seconds on each attempt.
     */
    public static final Cost MAXIMUM = new Cost(128 * 1024, 6, 4);
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 1024;
    static final int CONCURRENT = 2;
    /** Waiting calls beyond the running ones: a call admitted waits for three hashes at most (about 0.6 s here). */
    static final int QUEUED = 4;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");

    private final Cost cost;
    private final SecureRandom random;
    private final ThreadPoolExecutor pool;
    /** Hashed against when the user does not exist, so a wrong name costs as long as a wrong password. */
    private volatile String decoy;

    public Passwords(Cost cost, SecureRandom random) {
        this.cost = within(cost);
        this.random = random;
        this.pool = new ThreadPoolExecutor(CONCURRENT, CONCURRENT, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), runnable -> {
            Thread thread = new Thread(runnable, "argon2");
            thread.setDaemon(true);
            return thread;
        });
        // Idle threads end, so a station (or a test) that stops leaves none behind.
        pool.allowCoreThreadTimeOut(true);
    }

    /** {@code cost}, if it is within {@link #MAXIMUM}; otherwise a clear refusal, before any work. */
    public static Cost within(Cost cost) {
        if (cost.memoryKiB() > MAXIMUM.memoryKiB() || cost.iterations() > MAXIMUM.iterations()
                || cost.parallelism() > MAXIMUM.parallelism()) {
            throw new CostTooHighException("Argon2 cost m=" + cost.memoryKiB() + " KiB, t=" + cost.iterations() + ", p="
                    + cost.parallelism() + " is above this station's maximum (m=" + MAXIMUM.memoryKiB() + " KiB, t="
                    + MAXIMUM.iterations() + ", p=" + MAXIMUM.parallelism() + ")");
        }
        return cost;
    }

    /** A stored hash or locked key asks for more Argon2 work than {@link #MAXIMUM}: refused, never run. */
    public static final class CostTooHighException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        CostTooHighException(String message) {
            super(message);
        }
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

    /**
     * True if {@code password} matches {@code encoded}; compares in constant time. A malformed hash
     * never matches.
     *
     * @throws CostTooHighException if the stored parameters exceed {@link #MAXIMUM}
     * @throws HotlineException {@code TOO_MANY_REQUESTS} if the pool is full
     */
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
        within(stored);
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

    /**
     * Argon2id in the station's bounded pool: {@code length} bytes, or {@code TOO_MANY_REQUESTS} at
     * once when {@link #CONCURRENT} run and {@link #QUEUED} wait. Also the passphrase KDF for a
     * principal's keys unlocked in the station (the console).
     */
    public byte[] derive(char[] password, byte[] salt, Cost with, int length) {
        within(with);
        Future<byte[]> result;
        try {
            result = pool.submit(() -> argon2id(password, salt, with, length));
        } catch (RejectedExecutionException e) {
            throw new HotlineException(ErrorCode.TOO_MANY_REQUESTS, "the station is busy checking passwords; try again in a moment");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // The hash runs on regardless and holds the password: wait for it, then say we were interrupted.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Argon2 failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
