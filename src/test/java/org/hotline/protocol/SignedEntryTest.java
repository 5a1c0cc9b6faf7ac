package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hotline.protocol.ProtocolException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Any change to signed bytes or signature is refused, never silently accepted. */
class SignedEntryTest {
    private static final SigningKey KEY = ProtocolFixtures.key(0);
    private static final SigningKey STRANGER = ProtocolFixtures.key(100);
    /**
     * Reasons a changed entry may be refused for at parse time: it no longer parses, or it parses
     * into something the codec refuses (a flipped bit can turn "message" into an unknown type, v 1
     * into v 3, or seq 2 into seq 3 with prev null).
     */
    private static final Set<Reason> PARSE_REFUSALS =
            EnumSet.of(Reason.MALFORMED, Reason.UNKNOWN_TYPE, Reason.UNSUPPORTED_VERSION, Reason.BAD_PREV, Reason.TOO_LARGE);

    private static final SignedEntry ENTRY = secondEntry();

    /** Seq 2, so that prev and seen are present and can be damaged too. */
    private static SignedEntry secondEntry() {
        ProtocolFixtures.Chain chain = new ProtocolFixtures.Chain(KEY, LINE);
        chain.write("첫 번째", Head.EMPTY);
        return chain.write("second, with seen", Head.of(4, Hash.sha256(utf8("peer #4"))));
    }

    @Test
    void aSignedEntryVerifiesWithItsAuthorsKeyAndParsesBack() throws Exception {
        ENTRY.verifySignature(KEY.verifyingKey());

        SignedEntry parsed = SignedEntry.parse(ENTRY.bytes(), ENTRY.signature());
        parsed.verifySignature(KEY.verifyingKey());
        assertThat(parsed).isEqualTo(ENTRY);
        assertThat(parsed.entry()).isEqualTo(ENTRY.entry());
        assertThat(parsed.hash()).isEqualTo(Hash.sha256(ENTRY.bytes()));

        SignedEntry wire = SignedEntry.parseBase64(ENTRY.bytesBase64(), ENTRY.signatureBase64());
        assertThat(wire.bytes()).isEqualTo(ENTRY.bytes());
        assertThat(wire.signature()).isEqualTo(ENTRY.signature());
        wire.verifySignature(KEY.verifyingKey());
    }

    @Test
    void parseKeepsItsOwnCopyOfTheBytes() throws Exception {
        byte[] bytes = ENTRY.bytes().clone();
        byte[] signature = ENTRY.signature().clone();
        SignedEntry parsed = SignedEntry.parse(bytes, signature);
        bytes[10] ^= 1;
        signature[0] ^= 1;

        parsed.verifySignature(KEY.verifyingKey());
        assertThat(parsed.hash()).isEqualTo(ENTRY.hash());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        SignedEntry forged = new SignedEntry(ENTRY.bytes(), STRANGER.sign(ENTRY.bytes()), ENTRY.entry(), ENTRY.hash());
        assertBadSignature(forged, KEY.verifyingKey());
        // ...and the genuine entry does not verify under the stranger's key either.
        assertBadSignature(ENTRY, STRANGER.verifyingKey());
    }

    @Test
    void anEntryWhoseAuthorFieldNamesSomebodyElseStillFailsUnderThatKey() throws Exception {
        // The stranger signs bytes that claim the genuine author: verifying with the claimed author's key fails.
        Entry claimed = ENTRY.entry();
        byte[] bytes = EntryCodec.encode(claimed);
        SignedEntry forged = SignedEntry.parse(bytes, STRANGER.sign(bytes));
        assertThat(forged.entry().author()).isEqualTo(KEY.verifyingKey().stationId());
        assertBadSignature(forged, KEY.verifyingKey());
    }

    @Test
    void signaturesOfTheWrongLengthAreRefused() throws Exception {
        for (int length : new int[] {0, 1, 63, 65, 128}) {
            byte[] signature = Arrays.copyOf(ENTRY.signature(), length);
            assertBadSignature(SignedEntry.parse(ENTRY.bytes(), signature), KEY.verifyingKey());
        }
        assertBadSignature(SignedEntry.parse(ENTRY.bytes(), new byte[64]), KEY.verifyingKey());
    }

    @Test
    void badBase64IsMalformed() {
        assertThatThrownBy(() -> SignedEntry.parseBase64("not base64!", ENTRY.signatureBase64()))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.MALFORMED));
        assertThatThrownBy(() -> SignedEntry.parseBase64(ENTRY.bytesBase64(), "%%%"))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.MALFORMED));
    }

    /** Every single-bit flip of the bytes, walked over every position with a stride. */
    @Test
    void everyPositionOfTheBytesIsCovered() {
        byte[] bytes = ENTRY.bytes();
        for (int position = 0; position < bytes.length; position++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] changed = bytes.clone();
                changed[position] ^= (byte) (1 << bit);
                assertRefused(changed, ENTRY.signature(), "bit " + bit + " of byte " + position);
            }
        }
    }

    @Test
    void everyBitOfTheSignatureIsCovered() {
        byte[] signature = ENTRY.signature();
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] changed = signature.clone();
            changed[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRefused(ENTRY.bytes(), changed, "signature bit " + bit);
        }
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 200).mapToObj(i -> 0x5eed_0000L + i);
    }

    /** 200 seeded random damages: 1 to 4 bytes changed, in the entry bytes, the signature or both. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomDamageIsRefused(long seed) {
        Random random = new Random(seed);
        byte[] bytes = ENTRY.bytes().clone();
        byte[] signature = ENTRY.signature().clone();
        int where = random.nextInt(3);
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            byte[] target = where == 0 || (where == 2 && random.nextBoolean()) ? bytes : signature;
            int position = random.nextInt(target.length);
            target[position] ^= (byte) (1 + random.nextInt(255)); // never xor with 0
        }
        assertThat(Arrays.equals(bytes, ENTRY.bytes()) && Arrays.equals(signature, ENTRY.signature())).isFalse();
        assertRefused(bytes, signature, "seed " + seed);
    }

    private static void assertRefused(byte[] bytes, byte[] signature, String what) {
        SignedEntry parsed;
        try {
            parsed = SignedEntry.parse(bytes, signature);
        } catch (ProtocolException e) {
            assertThat(e.reason()).as(what + ": refused at parse, " + e.getMessage()).isIn(PARSE_REFUSALS);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": parse threw " + e + " instead of a ProtocolException", e);
        }
        try {
            parsed.verifySignature(KEY.verifyingKey());
        } catch (ProtocolException e) {
            assertThat(e.reason()).as(what).isEqualTo(Reason.BAD_SIGNATURE);
            return;
        }
        fail(what + ": damaged entry was accepted: " + ProtocolFixtures.string(bytes));
    }

    private static void assertBadSignature(SignedEntry entry, VerifyingKey key) {
        assertThatThrownBy(() -> entry.verifySignature(key))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }
}
