package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.protocol.ProtocolFixtures.AT;
import static org.hotline.protocol.ProtocolFixtures.LINE;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which letter-read entries count as the addressed principal's receipt (LetterRead#problem). */
class ReadReceiptTest {
    private static final SigningKey SOUTH = ProtocolFixtures.key(0);
    private static final SigningKey NORTH = ProtocolFixtures.key(50);
    private static final SigningKey MOON = ProtocolFixtures.key(100);
    private static final SigningKey KIM = ProtocolFixtures.key(150);
    private static final SigningKey KIM_NEXT = ProtocolFixtures.key(170);
    private static final SigningKey STRANGER = ProtocolFixtures.key(200);
    private static final SealingPublicKey SEALING = SealingPublicKey.of(java.util.Arrays.copyOf(new byte[] {9}, 32));

    private static Entry entry(SigningKey author, long seq, Head seen, Body body) {
        Optional<Hash> prev = seq == 1 ? Optional.empty() : Optional.of(Hash.sha256(new byte[] {(byte) seq}));
        return new Entry(Entry.VERSION, LINE, author.verifyingKey().stationId(), seq, prev, seen, AT.plusSeconds(seq), body);
    }

    private final SignedEntry letter = sign(entry(SOUTH, 1, Head.EMPTY, new Letter("moon", "kim", AT, Optional.empty(), Optional.empty(),
            "en", MOON.verifyingKey(), SEALING, java.util.Base64.getEncoder().encodeToString(new byte[32]),
            java.util.Base64.getEncoder().encodeToString(new byte[16]))), SOUTH);
    private final Head seenLetter = letter.head();
    /** North's chain: kim's first keys at #1, rotated at #3. */
    private final PrincipalDirectory northKeys = PrincipalDirectory.fold(List.of(
            entry(NORTH, 1, Head.EMPTY, PrincipalKey.first("kim", KIM.verifyingKey(), SEALING)),
            entry(NORTH, 3, seenLetter, PrincipalKey.rotate("kim", KIM, KIM_NEXT.verifyingKey(), SEALING))));

    private static SignedEntry sign(Entry entry, SigningKey key) {
        try {
            return SignedEntry.sign(entry, key);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private Optional<String> judge(SigningKey author, long seq, Head seen, LetterRead read, Optional<SignedEntry> named) {
        return LetterRead.problem(entry(author, seq, seen, read), named, northKeys);
    }

    @Test
    void theAddressedPrincipalsReceiptUnderItsCurrentKeyCounts() {
        assertThat(judge(NORTH, 2, seenLetter, LetterRead.sign(letter.hash(), "kim", KIM), Optional.of(letter))).isEmpty();
        assertThat(judge(NORTH, 4, seenLetter, LetterRead.sign(letter.hash(), "kim", KIM_NEXT), Optional.of(letter))).isEmpty();
    }

    @Test
    void aReceiptNamingNoLetterDoesNotCount() {
        assertThat(judge(NORTH, 2, seenLetter, LetterRead.sign(Hash.sha256(new byte[] {1}), "kim", KIM), Optional.empty()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no letter"));
    }

    @Test
    void aReceiptByTheWritingStationDoesNotCount() {
        assertThat(judge(SOUTH, 2, Head.EMPTY, LetterRead.sign(letter.hash(), "kim", KIM), Optional.of(letter)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("wrote the letter"));
    }

    @Test
    void aReceiptByAnotherPrincipalDoesNotCount() {
        assertThat(judge(NORTH, 2, seenLetter, LetterRead.sign(letter.hash(), "ri", STRANGER), Optional.of(letter)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("for kim, not ri"));
    }

    @Test
    void aReceiptSignedWithAKeyNeverKimsDoesNotCount() {
        assertThat(judge(NORTH, 2, seenLetter, LetterRead.sign(letter.hash(), "kim", STRANGER), Optional.of(letter)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("never announced"));
    }

    @Test
    void aReceiptUnderARotatedOutKeyDoesNotCount() {
        assertThat(judge(NORTH, 4, seenLetter, LetterRead.sign(letter.hash(), "kim", KIM), Optional.of(letter)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("rotated out"));
    }

    @Test
    void aReceiptForALetterItsStationHadNotReceivedDoesNotCount() {
        assertThat(judge(NORTH, 2, Head.EMPTY, LetterRead.sign(letter.hash(), "kim", KIM), Optional.of(letter)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not received"));
    }
}
