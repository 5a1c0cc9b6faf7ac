package org.hotline.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PrincipalSecretsTest {
    private static final Passwords.Cost LIGHT = new Passwords.Cost(1024, 1, 1);
    private final SecureRandom random = new SecureRandom();
    private final PrincipalSecrets secrets = PrincipalSecrets.generate(random);
    private final char[] passphrase = "the leaders' own passphrase".toCharArray();

    @Test
    void theRightPassphraseUnlocksTheSameKeys() throws Exception {
        byte[] locked = secrets.lock("moon", passphrase, LIGHT, random);
        PrincipalSecrets opened = PrincipalSecrets.unlock(locked, "moon", secrets.signingPublic(), secrets.sealingPublic(), passphrase);
        assertThat(opened.signingPublic()).isEqualTo(secrets.signingPublic());
        assertThat(opened.sealingPublic()).isEqualTo(secrets.sealingPublic());
        byte[] message = "a letter".getBytes(StandardCharsets.UTF_8);
        assertThat(secrets.signingPublic().verify(message, opened.signing().sign(message))).isTrue();
        // Nothing secret in the locked bytes or the string form.
        assertThat(new String(locked, StandardCharsets.ISO_8859_1)).doesNotContain(new String(secrets.signing().seed(), StandardCharsets.ISO_8859_1));
        assertThat(opened.toString()).doesNotContain(java.util.HexFormat.of().formatHex(secrets.signing().seed()));
    }

    @Test
    void aWrongPassphraseAChangedByteOrAnotherNameOrKeyIsRefused() {
        byte[] locked = secrets.lock("moon", passphrase, LIGHT, random);
        assertThatThrownBy(() -> PrincipalSecrets.unlock(locked, "moon", secrets.signingPublic(), secrets.sealingPublic(),
                "not the passphrase".toCharArray())).isInstanceOf(PrincipalSecrets.WrongPassphraseException.class).hasMessageContaining("wrong passphrase");
        for (int i = 0; i < locked.length; i += 7) {
            byte[] changed = locked.clone();
            changed[i] ^= 0x20;
            assertThatThrownBy(() -> PrincipalSecrets.unlock(changed, "moon", secrets.signingPublic(), secrets.sealingPublic(), passphrase))
                    .as("byte %d changed", i).isInstanceOf(PrincipalSecrets.WrongPassphraseException.class);
        }
        // Bound to its principal and its public keys: it cannot be passed off as kim's, or as other keys.
        assertThatThrownBy(() -> PrincipalSecrets.unlock(locked, "kim", secrets.signingPublic(), secrets.sealingPublic(), passphrase))
                .isInstanceOf(PrincipalSecrets.WrongPassphraseException.class);
        PrincipalSecrets other = PrincipalSecrets.generate(random);
        assertThatThrownBy(() -> PrincipalSecrets.unlock(locked, "moon", other.signingPublic(), secrets.sealingPublic(), passphrase))
                .isInstanceOf(PrincipalSecrets.WrongPassphraseException.class);
        assertThatThrownBy(() -> PrincipalSecrets.unlock(new byte[10], "moon", secrets.signingPublic(), secrets.sealingPublic(), passphrase))
                .isInstanceOf(PrincipalSecrets.WrongPassphraseException.class).hasMessageContaining("not a locked principal key");
    }

    @Test
    void theCostTravelsInTheBlob() throws Exception {
        byte[] locked = secrets.lock("moon", passphrase, new Passwords.Cost(2048, 2, 1), random);
        assertThat(java.nio.ByteBuffer.wrap(locked, 5, 4).getInt()).isEqualTo(2048);
        assertThat(PrincipalSecrets.unlock(locked, "moon", secrets.signingPublic(), secrets.sealingPublic(), passphrase).signingPublic())
                .isEqualTo(secrets.signingPublic());
    }

    @Test
    void aLockedKeyAskingForMoreThanTheMaximumIsRefusedBeforeAnyWork() {
        PrincipalSecrets secrets = PrincipalSecrets.generate(new java.security.SecureRandom());
        char[] passphrase = "a long passphrase".toCharArray();
        byte[] locked = secrets.lock("moon", passphrase, new Passwords.Cost(1024, 1, 1), new java.security.SecureRandom());
        // The cost travels in the blob, right after the magic: make it ask for a GiB.
        java.nio.ByteBuffer.wrap(locked).putInt(5, 1024 * 1024);
        long started = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrincipalSecrets.unlock(locked, "moon", secrets.signingPublic(),
                secrets.sealingPublic(), passphrase)).isInstanceOf(Passwords.CostTooHighException.class)
                .hasMessageContaining("m=1048576 KiB").hasMessageContaining("above this station's maximum");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrincipalSecrets.lockedCost(locked))
                .isInstanceOf(Passwords.CostTooHighException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(500);
    }
}
