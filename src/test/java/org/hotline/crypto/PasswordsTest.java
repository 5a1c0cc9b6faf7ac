package org.hotline.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private static final Passwords.Cost LIGHT = new Passwords.Cost(1024, 1, 1);

    @Test
    void argon2idMatchesTheReferenceImplementation() {
        // The reference implementation (phc-winner-argon2) for password "password", salt "somesalt",
        // t=2, m=65536 KiB, p=1, 32 bytes: $argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc
        byte[] out = Passwords.argon2id("password".toCharArray(), "somesalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                new Passwords.Cost(65536, 2, 1), 32);
        assertThat(Hex.toHexString(out)).isEqualTo("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
    }

    @Test
    void aHashCarriesItsParametersAndVerifiesOnlyItsPassword() {
        Passwords passwords = new Passwords(LIGHT, new SecureRandom());
        String hash = passwords.hash("correct horse battery".toCharArray());

        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(passwords.verify("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(passwords.verify("correct horse batterY".toCharArray(), hash)).isFalse();
        assertThat(passwords.verify("".toCharArray(), hash)).isFalse();
        // Salted: the same password twice gives two different hashes, each verifying.
        String again = passwords.hash("correct horse battery".toCharArray());
        assertThat(again).isNotEqualTo(hash);
        assertThat(passwords.verify("correct horse battery".toCharArray(), again)).isTrue();
    }

    @Test
    void verificationUsesTheStoredParametersNotTheCurrentOnes() {
        String old = new Passwords(LIGHT, new SecureRandom()).hash("a long passphrase".toCharArray());
        Passwords stronger = new Passwords(new Passwords.Cost(2048, 2, 1), new SecureRandom());
        assertThat(stronger.verify("a long passphrase".toCharArray(), old)).isTrue();
    }

    @Test
    void aChangedOrMalformedHashNeverMatches() {
        Passwords passwords = new Passwords(LIGHT, new SecureRandom());
        String hash = passwords.hash("correct horse battery".toCharArray());
        String[] parts = hash.split("\\$");
        byte[] digest = Base64.getDecoder().decode(parts[5]);
        digest[0] ^= 1;
        String flipped = "$" + parts[1] + "$" + parts[2] + "$" + parts[3] + "$" + parts[4] + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(digest);
        assertThat(passwords.verify("correct horse battery".toCharArray(), flipped)).isFalse();
        assertThat(passwords.verify("correct horse battery".toCharArray(), hash.replace("t=1", "t=2"))).isFalse();
        assertThat(passwords.verify("correct horse battery".toCharArray(), hash.replace("argon2id", "argon2i"))).isFalse();
        assertThat(passwords.verify("correct horse battery".toCharArray(), "plain text")).isFalse();
        // Parameters that would cost a gigabyte or more are refused, not run.
        assertThat(passwords.verify("x".toCharArray(), hash.replace("m=1024", "m=9999999"))).isFalse();
    }

    @Test
    void weakPasswordsAreNamed() {
        assertThat(Passwords.weakness("short".toCharArray())).contains("at least 10");
        assertThat(Passwords.weakness("long enough now".toCharArray())).isNull();
        assertThatThrownBy(() -> new Passwords.Cost(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedParametersAboveTheMaximumAreRefusedWithAClearErrorBeforeAnyWork() {
        Passwords passwords = new Passwords(LIGHT, new SecureRandom());
        String hash = passwords.hash("correct horse battery".toCharArray());
        // A GiB: within what Argon2 allows, far beyond what a station should spend on one guess.
        String greedy = hash.replace("m=1024", "m=1048576");
        long started = System.nanoTime();
        assertThatThrownBy(() -> passwords.verify("correct horse battery".toCharArray(), greedy))
                .isInstanceOf(Passwords.CostTooHighException.class).hasMessageContaining("above this station's maximum");
        assertThatThrownBy(() -> passwords.verify("x".toCharArray(), hash.replace("t=1", "t=7")))
                .isInstanceOf(Passwords.CostTooHighException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).as("refused without running Argon2").isLessThan(500);
        assertThatThrownBy(() -> new Passwords(new Passwords.Cost(256 * 1024, 3, 1), new SecureRandom()))
                .isInstanceOf(Passwords.CostTooHighException.class);
    }

    /**
     * Thirty callers at once against a pool of 2 running and 8 waiting: the rest are refused at
     * once with TOO_MANY_REQUESTS instead of queueing (and holding their threads) behind the flood.
     */
    @Test
    void aFloodIsRefusedAtOnceWhenThePoolIsFull() throws Exception {
        Passwords passwords = new Passwords(Passwords.STANDARD, new SecureRandom());
        String hash = passwords.hash("the real password".toCharArray());
        int callers = 30;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<long[]>> results = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                results.add(threads.submit(() -> {
                    go.await();
                    long started = System.nanoTime();
                    try {
                        boolean good = passwords.verify("the real password".toCharArray(), hash);
                        return new long[] {good ? 1 : 0, System.nanoTime() - started};
                    } catch (org.hotline.error.HotlineException e) {
                        assertThat(e.code()).isEqualTo(org.hotline.error.ErrorCode.TOO_MANY_REQUESTS);
                        return new long[] {-1, System.nanoTime() - started};
                    }
                }));
            }
            go.countDown();
            int refused = 0;
            long slowestRefusal = 0;
            long slowestAnswer = 0;
            for (var result : results) {
                long[] outcome = result.get();
                if (outcome[0] < 0) {
                    refused++;
                    slowestRefusal = Math.max(slowestRefusal, outcome[1]);
                } else {
                    assertThat(outcome[0]).as("an admitted check gives the right answer").isEqualTo(1);
                    slowestAnswer = Math.max(slowestAnswer, outcome[1]);
                }
            }
            System.out.printf("Argon2 flood: %d of %d refused, slowest refusal %d ms, slowest admitted check %d ms%n", refused, callers,
                    slowestRefusal / 1_000_000, slowestAnswer / 1_000_000);
            assertThat(refused).isGreaterThanOrEqualTo(callers - Passwords.CONCURRENT - Passwords.QUEUED - 5);
            assertThat(slowestRefusal / 1_000_000).as("a refusal does not wait for the pool").isLessThan(500);
        }
    }

    /** The standard cost, measured: printed for the README, and kept under a second so a login stays usable. */
    @Test
    void theStandardCostTakesAMeasurableButBearableTime() {
        Passwords passwords = new Passwords(Passwords.STANDARD, new SecureRandom());
        String hash = passwords.hash("warm up the JIT first".toCharArray());
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertThat(passwords.verify("warm up the JIT first".toCharArray(), hash)).isTrue();
            best = Math.min(best, System.nanoTime() - started);
        }
        System.out.printf("Argon2id m=64 MiB t=3 p=1: %d ms per hash (best of 3)%n", best / 1_000_000);
        assertThat(best / 1_000_000).isBetween(5L, 2_000L);
    }
}
