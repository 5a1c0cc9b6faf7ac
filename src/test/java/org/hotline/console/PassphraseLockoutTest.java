package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hotline.Station;
import org.hotline.crypto.Passwords;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.it.TestStations;
import org.hotline.store.LineRecord;
import org.hotline.store.Role;
import org.hotline.time.SimulatedClock;
import org.hotline.transcript.Submitted;
import org.hotline.user.Lockout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 10: where the station itself unlocks a principal's keys (the console's letter
 * desk), a passphrase is guessed no faster than a login password: five wrong ones in a row lock
 * that principal out for 30 s, even with the right one, and the unlock runs in the station's pool.
 */
class PassphraseLockoutTest {
    private static final Passwords.Cost LIGHT = new Passwords.Cost(1024, 1, 1);

    @Test
    void fiveWrongPassphrasesLockThePrincipalOutEvenWithTheRightOne(@TempDir Path temp) throws Exception {
        SecureRandom random = new SecureRandom();
        try (Station south = TestStations.start(TestStations.init(temp.resolve("south"), "Blue House"));
                Station north = TestStations.start(TestStations.init(temp.resolve("north"), "State Affairs Commission"))) {
            TestStations.pair(south, north, "liaison");
            north.users().add("kim", Role.PRINCIPAL, "kim's login password".toCharArray());
            register(north, "kim", "kim's passphrase", random);
            south.users().add("moon", Role.PRINCIPAL, "moon's login password".toCharArray());
            register(south, "moon", "moon's passphrase", random);
            south.users().add("chung", Role.PRINCIPAL, "chung's login password".toCharArray());
            register(south, "chung", "chung's passphrase", random);
            LineRecord line = TestStations.line(south, "liaison");
            await().atMost(Duration.ofSeconds(20)).until(() -> south.principals().directory(line, line.peerId()).current("kim").isPresent());

            SimulatedClock clock = new SimulatedClock(Instant.parse("2021-07-27T01:00:00Z"));
            LetterDesk desk = new LetterDesk(south.letters(), south.principals(), clock, south.passwords()::derive,
                    new Lockout("passphrases", clock));
            for (int i = 0; i < Lockout.MAX_FAILURES; i++) {
                assertThatThrownBy(() -> write(desk, line, "moon", "a wrong guess")).isInstanceOf(HotlineException.class)
                        .satisfies(e -> assertThat(((HotlineException) e).code()).isEqualTo(ErrorCode.FORBIDDEN));
            }
            assertThatThrownBy(() -> write(desk, line, "moon", "moon's passphrase")).isInstanceOf(HotlineException.class)
                    .hasMessageContaining("try again in 30 s")
                    .satisfies(e -> assertThat(((HotlineException) e).code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));
            // Per principal: chung is not locked out with moon.
            assertThat(write(desk, line, "chung", "chung's passphrase")).isInstanceOf(Submitted.Written.class);

            clock.advance(Duration.ofSeconds(30));
            assertThat(write(desk, line, "moon", "moon's passphrase")).isInstanceOf(Submitted.Written.class);
        }
    }

    private static Submitted write(LetterDesk desk, LineRecord line, String from, String passphrase) {
        return desk.write(line, from, "kim", "A meeting", false, "en", "At ten.", Optional.empty(), passphrase.toCharArray());
    }

    private static void register(Station station, String name, String passphrase, SecureRandom random) {
        PrincipalSecrets keys = PrincipalSecrets.generate(random);
        station.principals().register(name, keys.signingPublic(), keys.sealingPublic(), keys.lock(name, passphrase.toCharArray(), LIGHT,
                random), Optional.empty());
    }
}
