package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.OTHER_LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.hotline.protocol.ProtocolFixtures.Chain;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static final SigningKey A = ProtocolFixtures.key(0);
    private static final SigningKey B = ProtocolFixtures.key(50);
    private static final StationId ID_A = A.verifyingKey().stationId();
    private static final StationId ID_B = B.verifyingKey().stationId();
    private static final Head HEAD_A = Head.of(3, Hash.sha256(utf8("A#3")));
    private static final Head HEAD_B = Head.of(5, Hash.sha256(utf8("B#5")));
    private static final Instant AT = Instant.parse("2021-07-27T01:00:00Z");

    /** Digest of (LINE, A at HEAD_A, B at HEAD_B), computed once; both stations must agree on it forever. */
    private static final String GOLDEN_DIGEST = "60dd438bfb0bbd9e77a18a3517a0ce691a7db039ae8faaf39524750b4a08de50";

    @Test
    void aReceiptMakesACheckpointWhenTheAcknowledgedEntrySawTheSignersOwnHead() throws Exception {
        Chain chainA = new Chain(A, LINE);
        Chain chainB = new Chain(B, LINE);
        chainB.write("B#1", Head.EMPTY);
        SignedEntry b2 = chainB.write("B#2", Head.EMPTY);
        chainA.write("A#1", b2.head());
        SignedEntry a2 = chainA.write("A#2, having seen B#2", b2.head());
        // B stores A#2 and acknowledges it, naming its own head B#2: the two heads saw each other.
        Receipt receipt = new Receipt(LINE, ID_B, ID_A, a2.head(), b2.head(), AT);

        Optional<Checkpoint> checkpoint = Checkpoint.fromReceipt(receipt, a2.entry().seen());

        assertThat(checkpoint).isPresent();
        assertThat(checkpoint.get().line()).isEqualTo(LINE);
        assertThat(checkpoint.get().headOf(ID_A)).isEqualTo(a2.head());
        assertThat(checkpoint.get().headOf(ID_B)).isEqualTo(b2.head());
        assertThat(checkpoint.get()).isEqualTo(Checkpoint.of(LINE, ID_A, a2.head(), ID_B, b2.head()));
    }

    @Test
    void aReceiptMakesNoCheckpointWhenTheSignerHasMovedOnOrTheEntrySawSomethingElse() throws Exception {
        Chain chainA = new Chain(A, LINE);
        Chain chainB = new Chain(B, LINE);
        SignedEntry b1 = chainB.write("B#1", Head.EMPTY);
        SignedEntry a1 = chainA.write("A#1, having seen B#1", b1.head());
        SignedEntry b2 = chainB.write("B#2", Head.EMPTY);

        // B has written #2 since A wrote: A#1 saw B#1, the receipt names B#2.
        Receipt moved = new Receipt(LINE, ID_B, ID_A, a1.head(), b2.head(), AT);
        assertThat(Checkpoint.fromReceipt(moved, a1.entry().seen())).isEmpty();
        // The acknowledged entry saw nothing, the receipt names B#1.
        Receipt sawNothing = new Receipt(LINE, ID_B, ID_A, a1.head(), b1.head(), AT);
        assertThat(Checkpoint.fromReceipt(sawNothing, Head.EMPTY)).isEmpty();
        // Same seq, other hash.
        assertThat(Checkpoint.fromReceipt(sawNothing, Head.of(1, Hash.sha256(utf8("not B#1"))))).isEmpty();
    }

    @Test
    void digestIsTheSameWhicheverAuthorIsNamedFirst() {
        Checkpoint ab = Checkpoint.of(LINE, ID_A, HEAD_A, ID_B, HEAD_B);
        Checkpoint ba = Checkpoint.of(LINE, ID_B, HEAD_B, ID_A, HEAD_A);

        assertThat(ab).isEqualTo(ba);
        assertThat(ab.digest()).isEqualTo(ba.digest());
        assertThat(ab.displayDigest()).isEqualTo(ba.displayDigest());
        assertThat(ab.headOf(ID_A)).isEqualTo(HEAD_A);
        assertThat(ba.headOf(ID_B)).isEqualTo(HEAD_B);
        assertThat(ab.firstAuthor().compareTo(ab.secondAuthor())).isNegative();
    }

    @Test
    void digestChangesIfAnyHeadOrTheLineChanges() {
        Hash base = Checkpoint.of(LINE, ID_A, HEAD_A, ID_B, HEAD_B).digest();
        Head otherHashA = Head.of(3, Hash.sha256(utf8("A#3'")));
        Head nextA = HEAD_A.next(Hash.sha256(utf8("A#4")));
        Head sameHashOtherSeqA = Head.of(4, HEAD_A.hash().orElseThrow());

        Set<Hash> digests = new HashSet<>();
        digests.add(base);
        digests.add(Checkpoint.of(LINE, ID_A, otherHashA, ID_B, HEAD_B).digest());
        digests.add(Checkpoint.of(LINE, ID_A, nextA, ID_B, HEAD_B).digest());
        digests.add(Checkpoint.of(LINE, ID_A, sameHashOtherSeqA, ID_B, HEAD_B).digest());
        digests.add(Checkpoint.of(LINE, ID_A, HEAD_A, ID_B, Head.of(5, Hash.sha256(utf8("B#5'")))).digest());
        digests.add(Checkpoint.of(LINE, ID_A, HEAD_A, ID_B, Head.EMPTY).digest());
        digests.add(Checkpoint.of(LINE, ID_A, Head.EMPTY, ID_B, HEAD_B).digest());
        // The heads swapped between the authors.
        digests.add(Checkpoint.of(LINE, ID_A, HEAD_B, ID_B, HEAD_A).digest());
        digests.add(Checkpoint.of(OTHER_LINE, ID_A, HEAD_A, ID_B, HEAD_B).digest());

        assertThat(digests).hasSize(9);
    }

    @Test
    void digestMatchesItsGoldenValueAndTheTextItIsDefinedOver() throws Exception {
        Checkpoint checkpoint = Checkpoint.of(LINE, ID_B, HEAD_B, ID_A, HEAD_A);
        assertThat(checkpoint.digest().hex()).isEqualTo(GOLDEN_DIGEST);

        // Recomputed independently from the text the digest is defined over.
        StationId first = ID_A.compareTo(ID_B) < 0 ? ID_A : ID_B;
        StationId second = first.equals(ID_A) ? ID_B : ID_A;
        Head firstHead = first.equals(ID_A) ? HEAD_A : HEAD_B;
        Head secondHead = first.equals(ID_A) ? HEAD_B : HEAD_A;
        String text = "hotline/checkpoint/v1\n" + LINE.value() + "\n"
                + first.value() + " " + firstHead.seq() + " " + firstHead.hash().orElseThrow().hex() + "\n"
                + second.value() + " " + secondHead.seq() + " " + secondHead.hash().orElseThrow().hex() + "\n";
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(checkpoint.digest().hex()).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void displayDigestIsFourGroupsOfFiveBase32Characters() {
        Random random = new Random(20210727);
        for (int i = 0; i < 50; i++) {
            Head a = Head.of(1 + random.nextInt(1000), randomHash(random));
            Head b = Head.of(1 + random.nextInt(1000), randomHash(random));
            Checkpoint checkpoint = Checkpoint.of(LINE, ID_A, a, ID_B, b);
            String display = checkpoint.displayDigest();

            assertThat(display).matches("[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}");
            assertThat(display.replace("-", "")).isEqualTo(ProtocolFixtures.base32(checkpoint.digest().bytes()).substring(0, 20));
        }
    }

    @Test
    void refusesAuthorsOutOfOrderOrTheSame() {
        StationId low = ID_A.compareTo(ID_B) < 0 ? ID_A : ID_B;
        StationId high = low.equals(ID_A) ? ID_B : ID_A;

        assertThatThrownBy(() -> new Checkpoint(LINE, high, HEAD_A, low, HEAD_B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.of(LINE, ID_A, HEAD_A, ID_A, HEAD_B)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Checkpoint(LINE, low, HEAD_A, high, HEAD_B).firstAuthor()).isEqualTo(low);
    }

    @Test
    void headOfAStrangerIsRefused() {
        Checkpoint checkpoint = Checkpoint.of(LINE, ID_A, HEAD_A, ID_B, HEAD_B);
        StationId stranger = ProtocolFixtures.key(150).verifyingKey().stationId();
        assertThatThrownBy(() -> checkpoint.headOf(stranger)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Hash randomHash(Random random) {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }
}
