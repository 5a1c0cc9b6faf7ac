package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Statement.Quote;
import org.junit.jupiter.api.Test;

/** An exported letter envelope whose writer's key history leaves a rotation out fails verify. */
class LetterEnvelopeTest {
    private static final SigningKey SOUTH = ProtocolFixtures.key(10);
    private static final SigningKey MOON = ProtocolFixtures.key(30);
    private static final SigningKey MOON_2 = ProtocolFixtures.key(35);
    private static final SealingPublicKey SEAL = SealingPublicKey.of(Hash.sha256(new byte[] {1}).bytes());
    private static final Instant AT = Instant.parse("2021-07-27T01:00:00Z");

    private static SignedEntry entry(long seq, Body body) throws ProtocolException {
        return SignedEntry.sign(new Entry(Entry.VERSION, LINE, SOUTH.verifyingKey().stationId(), seq,
                seq == 1 ? Optional.empty() : Optional.of(Hash.sha256(new byte[] {(byte) seq})), Head.EMPTY, AT.plusSeconds(seq), body), SOUTH);
    }

    private static Letter letter(SigningKey signer, Optional<Hash> keys) {
        Letter letter = new Letter("moon", "kim", AT, Optional.of("Lines"), Optional.empty(), "en", signer.verifyingKey(), SEAL,
                Base64.getEncoder().encodeToString(new byte[32]), Base64.getEncoder().encodeToString(new byte[16]));
        return keys.map(letter::withKeys).orElse(letter);
    }

    private static Quote quote(SignedEntry entry) {
        return Quote.of(entry, SOUTH.verifyingKey());
    }

    @Test
    void aRotationLeftOutOfTheWritersKeyHistoryIsRefused() throws Exception {
        SignedEntry first = entry(1, PrincipalKey.first("moon", MOON.verifyingKey(), SEAL));
        SignedEntry rotation = entry(2, PrincipalKey.rotate("moon", MOON, MOON_2.verifyingKey(), SEAL));
        // Written with moon's first key after its rotation; the station names its latest key entry (#2).
        SignedEntry stale = entry(3, letter(MOON, Optional.of(rotation.hash())));
        LetterEnvelope leftOut = new LetterEnvelope(quote(stale), List.of(quote(first)));
        assertThatThrownBy(leftOut::verify).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("does not end at the key entry the letter entry names");
        // The whole history names the retired key; the current key verifies.
        assertThatThrownBy(new LetterEnvelope(quote(stale), List.of(quote(first), quote(rotation)))::verify)
                .hasMessageContaining("rotated out at #2");
        SignedEntry current = entry(3, letter(MOON_2, Optional.of(rotation.hash())));
        assertThat(LetterEnvelope.decode(new LetterEnvelope(quote(current), List.of(quote(first), quote(rotation))).encode()).verify()
                .keyGeneration()).isEqualTo(2);
        // A letter entry without the anchor cannot show an omission.
        SignedEntry unanchored = entry(3, letter(MOON_2, Optional.empty()));
        assertThatThrownBy(new LetterEnvelope(quote(unanchored), List.of(quote(first), quote(rotation)))::verify)
                .hasMessageContaining("names no key entry");
    }
}
