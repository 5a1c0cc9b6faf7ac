package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An exported transcript verifies offline, and 1,000 seeded random mutations of it — a changed
 * byte, a dropped entry, two entries swapped, a forged entry, an equivocating entry spliced in —
 * are each caught with a reason that fits the mutation.
 */
class TranscriptBundleTest {
    private static final LineId LINE = new LineId("aaaaaaaaaaaaaaaaaaaaaaaaaa");
    private static final Instant AT = Instant.parse("2021-07-27T01:00:00Z");
    private final SigningKey south = SigningKey.fromSeed(seed(1));
    private final SigningKey north = SigningKey.fromSeed(seed(2));
    private List<SignedEntry> entries;
    private TranscriptBundle bundle;

    enum Mutation {
        FLIP_BYTE,
        DROP_ENTRY,
        SWAP_SAME_AUTHOR,
        FORGED_ENTRY,
        EQUIVOCATION
    }

    private static byte[] seed(int value) {
        byte[] seed = new byte[32];
        seed[0] = (byte) value;
        return seed;
    }

    @BeforeEach
    void transcript() throws Exception {
        // Two authors writing in turns, each seeing the other's latest, some crossing.
        entries = new ArrayList<>();
        Head southHead = Head.EMPTY;
        Head northHead = Head.EMPTY;
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            boolean bySouth = random.nextInt(3) != 0;
            Message message = new Message((bySouth ? "south " : "north ") + i, Priority.ROUTINE, i % 2 == 0 ? "en" : "ko");
            SignedEntry entry = bySouth
                    ? EntryAuthor.next(LINE, south, southHead, northHead, AT.plusSeconds(i), message)
                    : EntryAuthor.next(LINE, north, northHead, southHead, AT.plusSeconds(i), message);
            entries.add(entry);
            if (bySouth) {
                southHead = entry.head();
            } else {
                northHead = entry.head();
            }
        }
        SignedReceipt receipt = SignedReceipt.sign(new Receipt(LINE, north.verifyingKey().stationId(), south.verifyingKey().stationId(),
                southHead, northHead, AT.plusSeconds(100)), north);
        bundle = TranscriptBundle.signed(LINE, List.of(
                new TranscriptBundle.Party(south.verifyingKey().stationId(), "South", south.verifyingKey(), southHead),
                new TranscriptBundle.Party(north.verifyingKey().stationId(), "North", north.verifyingKey(), northHead)),
                entries, List.of(receipt), south);
    }

    @Test
    void anIntactBundleVerifiesAfterARoundTripThroughItsBytes() throws Exception {
        TranscriptBundle.Report report = TranscriptBundle.decode(bundle.encode()).verify();
        assertThat(report.entries()).isEqualTo(60);
        assertThat(report.receipts()).isEqualTo(1);
        assertThat(report.heads()).containsEntry(south.verifyingKey().stationId(), bundle.parties().get(0).head());
    }

    @Test
    void everyOneOfAThousandRandomMutationsIsCaughtWithAFittingReason() throws Exception {
        Random random = new Random(20210727);
        Map<Mutation, Integer> counts = new EnumMap<>(Mutation.class);
        for (int round = 0; round < 1000; round++) {
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            List<SignedEntry> mutated = new ArrayList<>(entries);
            Set<Reason> expected;
            switch (mutation) {
                case FLIP_BYTE -> {
                    int index = random.nextInt(mutated.size());
                    SignedEntry victim = mutated.get(index);
                    byte[] bytes = victim.bytes().clone();
                    byte[] signature = victim.signature().clone();
                    if (random.nextBoolean()) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    } else {
                        signature[random.nextInt(signature.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    SignedEntry changed;
                    try {
                        changed = SignedEntry.parse(bytes, signature);
                    } catch (ProtocolException unreadable) {
                        // The change broke the entry's JSON itself: caught already, at parsing.
                        counts.merge(mutation, 1, Integer::sum);
                        continue;
                    }
                    mutated.set(index, changed);
                    expected = Set.of(Reason.BAD_SIGNATURE, Reason.SEQ_GAP, Reason.WRONG_LINE, Reason.WRONG_AUTHOR, Reason.BAD_PREV,
                            Reason.BAD_SEEN, Reason.EQUIVOCATION);
                }
                case DROP_ENTRY -> {
                    mutated.remove(random.nextInt(mutated.size()));
                    expected = Set.of(Reason.SEQ_GAP, Reason.BAD_SEEN, Reason.BAD_RECEIPT);
                }
                case SWAP_SAME_AUTHOR -> {
                    int first;
                    int second;
                    do {
                        first = random.nextInt(mutated.size());
                        second = random.nextInt(mutated.size());
                    } while (first == second || !mutated.get(first).entry().author().equals(mutated.get(second).entry().author()));
                    SignedEntry held = mutated.get(first);
                    mutated.set(first, mutated.get(second));
                    mutated.set(second, held);
                    expected = Set.of(Reason.SEQ_GAP, Reason.BAD_SEEN);
                }
                case FORGED_ENTRY -> {
                    // Claims to be the south's next entry, signed with a key that is not the south's.
                    SigningKey forger = SigningKey.fromSeed(seed(99));
                    Entry claim = new Entry(Entry.VERSION, LINE, south.verifyingKey().stationId(), bundle.parties().get(0).head().seq() + 1,
                            bundle.parties().get(0).head().hash(), Head.EMPTY, AT, new Message("forged", Priority.FLASH, "en"));
                    byte[] bytes = EntryCodec.encode(claim);
                    mutated.add(random.nextInt(mutated.size() + 1), new SignedEntry(bytes, forger.sign(bytes), claim, Hash.sha256(bytes)));
                    expected = Set.of(Reason.BAD_SIGNATURE, Reason.SEQ_GAP);
                }
                case EQUIVOCATION -> {
                    // A second, validly signed entry of the north with a seq it already used.
                    List<SignedEntry> norths = mutated.stream().filter(e -> e.entry().author().equals(north.verifyingKey().stationId())).toList();
                    SignedEntry original = norths.get(random.nextInt(norths.size()));
                    Entry twin = new Entry(Entry.VERSION, LINE, original.entry().author(), original.entry().seq(), original.entry().prev(),
                            original.entry().seen(), original.entry().at(), new Message("the other version", Priority.ROUTINE, "en"));
                    int at = mutated.indexOf(original) + 1 + random.nextInt(mutated.size() - mutated.indexOf(original));
                    mutated.add(Math.min(at, mutated.size()), SignedEntry.sign(twin, north));
                    expected = Set.of(Reason.EQUIVOCATION);
                }
                default -> throw new IllegalStateException();
            }
            TranscriptBundle broken = new TranscriptBundle(LINE, bundle.parties(), mutated, bundle.receipts(), bundle.exporter(), bundle.signature());
            ProtocolException caught = catchThrowableOfType(ProtocolException.class, () -> TranscriptBundle.decode(broken.encode()).verify());
            assertThat(caught).as("round %d: %s was not caught", round, mutation).isNotNull();
            assertThat(caught.reason()).as("round %d: %s caught as %s: %s", round, mutation, caught.reason(), caught.getMessage())
                    .isIn(expected);
            assertThat(caught.getMessage()).isNotBlank();
            counts.merge(mutation, 1, Integer::sum);
        }
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        assertThat(counts).hasSize(Mutation.values().length);
    }

    @Test
    void aKeyThatDoesNotHashToItsStationIdIsRefused() throws Exception {
        TranscriptBundle swapped = TranscriptBundle.signed(LINE, List.of(
                new TranscriptBundle.Party(south.verifyingKey().stationId(), "South", north.verifyingKey(), bundle.parties().get(0).head()),
                bundle.parties().get(1)), entries, bundle.receipts(), north);
        ProtocolException caught = catchThrowableOfType(ProtocolException.class, () -> swapped.verify());
        assertThat(caught.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(caught.getMessage()).contains("hashes to another station id");
    }

    @Test
    void theVerifierSaysWhoseWordEachNameIs() throws Exception {
        TranscriptBundle.Report report = TranscriptBundle.decode(bundle.encode()).verify();
        assertThat(report.exporter()).isEqualTo(south.verifyingKey().stationId());
        assertThat(report.names()).containsEntry(south.verifyingKey().stationId(), "South")
                .containsEntry(north.verifyingKey().stationId(), "North");
    }

    @Test
    void aPartyRenamedInTheFileFailsWithTheReason() throws Exception {
        String json = new String(bundle.encode(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"name\":\"North\"");
        byte[] renamed = json.replace("\"name\":\"North\"", "\"name\":\"Northern Impostor\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        ProtocolException caught = catchThrowableOfType(ProtocolException.class, () -> TranscriptBundle.decode(renamed).verify());

        assertThat(caught.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(caught.getMessage()).contains("names").contains("changed after");
    }

    @Test
    void aHeaderSignedByAStationOffTheLineOrAnUnsignedFormatOneFileIsRefused() throws Exception {
        SigningKey stranger = SigningKey.fromSeed(seed(3));
        TranscriptBundle byStranger = TranscriptBundle.signed(LINE, bundle.parties(), entries, bundle.receipts(), stranger);
        assertThat(catchThrowableOfType(ProtocolException.class, byStranger::verify).reason()).isEqualTo(Reason.WRONG_AUTHOR);

        String formatOne = new String(bundle.encode(), java.nio.charset.StandardCharsets.UTF_8)
                .replace(TranscriptBundle.FORMAT, "hotline-transcript-bundle/1");
        ProtocolException old = catchThrowableOfType(ProtocolException.class,
                () -> TranscriptBundle.decode(formatOne.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(old.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(old.getMessage()).contains("signed by nobody");
    }
}
