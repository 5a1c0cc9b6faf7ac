package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.OTHER_LINE;
import static org.hotline.protocol.ProtocolFixtures.message;
import static org.hotline.protocol.ProtocolFixtures.signed;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.ProtocolException.Reason;
import org.hotline.protocol.ProtocolFixtures.Chain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver's chain rules, checked against an in-memory view of one line. */
class ChainRulesTest {
    private static final SigningKey OUR_KEY = ProtocolFixtures.key(0);
    private static final SigningKey PEER_KEY = ProtocolFixtures.key(50);
    private static final SigningKey THIRD_KEY = ProtocolFixtures.key(150);
    private static final Hash NOWHERE = Hash.sha256(utf8("an entry nobody wrote"));

    /** What the receiving station (us) holds of the line: our own chain and the peer's. */
    static final class FakeView implements ChainView {
        final List<SignedEntry> ours = new ArrayList<>();
        final List<SignedEntry> theirs = new ArrayList<>();

        @Override
        public Head peerHead() {
            return theirs.isEmpty() ? Head.EMPTY : theirs.get(theirs.size() - 1).head();
        }

        @Override
        public Head peerHeadSeen() {
            return theirs.isEmpty() ? Head.EMPTY : theirs.get(theirs.size() - 1).entry().seen();
        }

        @Override
        public Optional<java.time.Instant> peerHeadAt() {
            return theirs.isEmpty() ? Optional.empty() : Optional.of(theirs.get(theirs.size() - 1).entry().at());
        }

        @Override
        public Optional<Hash> peerEntryHash(long seq) {
            return hashAt(theirs, seq);
        }

        @Override
        public Head ownHead() {
            return ours.isEmpty() ? Head.EMPTY : ours.get(ours.size() - 1).head();
        }

        @Override
        public Optional<Hash> ownEntryHash(long seq) {
            return hashAt(ours, seq);
        }

        private static Optional<Hash> hashAt(List<SignedEntry> chain, long seq) {
            if (seq < 1 || seq > chain.size()) {
                return Optional.empty();
            }
            SignedEntry entry = chain.get((int) (seq - 1));
            assertThat(entry.entry().seq()).isEqualTo(seq);
            return Optional.of(entry.hash());
        }

        /** Stores what an accepted verdict says is fresh, as the store would. */
        void store(BatchVerdict.Accepted accepted) {
            theirs.addAll(accepted.fresh());
            assertThat(peerHead()).isEqualTo(accepted.peerHead());
            assertThat(peerHeadSeen()).isEqualTo(accepted.peerHeadSeen());
        }
    }

    private Chain us;
    private Chain peer;
    private FakeView view;

    @BeforeEach
    void setUp() {
        us = new Chain(OUR_KEY, LINE);
        peer = new Chain(PEER_KEY, LINE);
        view = new FakeView();
    }

    /** We write an entry: it goes into our chain and our view of the line. */
    private SignedEntry weWrite(String text) {
        SignedEntry entry = us.write(text, view.peerHead());
        view.ours.add(entry);
        return entry;
    }

    private BatchVerdict check(List<SignedEntry> batch) throws ProtocolException {
        ChainRules.verifySignatures(batch, PEER_KEY.verifyingKey());
        return ChainRules.check(LINE, peer.id(), batch, view, TimeBounds.ANY);
    }

    private BatchVerdict.Accepted accept(List<SignedEntry> batch) throws ProtocolException {
        BatchVerdict verdict = check(batch);
        assertThat(verdict).isInstanceOf(BatchVerdict.Accepted.class);
        return (BatchVerdict.Accepted) verdict;
    }

    private void acceptAndStore(List<SignedEntry> batch) throws ProtocolException {
        BatchVerdict.Accepted accepted = accept(batch);
        assertThat(accepted.fresh()).isEqualTo(batch);
        view.store(accepted);
    }

    private void assertRefused(List<SignedEntry> batch, Reason reason) {
        int stored = view.theirs.size();
        assertThatThrownBy(() -> check(batch))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
        assertThat(view.theirs).hasSize(stored);
    }

    /** The peer's entry #seq, signed by the peer, with whatever prev and seen the test wants. */
    private static SignedEntry peerEntry(long seq, Optional<Hash> prev, Head seen) {
        return signed(PEER_KEY, LINE, seq, prev, seen, message("peer #" + seq + " (hand-made)"));
    }

    // --- accepting ----------------------------------------------------------------------------

    @Test
    void acceptsAFirstBatch() throws Exception {
        List<SignedEntry> batch = peer.writeMany(3, Head.EMPTY);

        BatchVerdict.Accepted accepted = accept(batch);

        assertThat(accepted.fresh()).containsExactlyElementsOf(batch);
        assertThat(accepted.duplicates()).isZero();
        assertThat(accepted.peerHead()).isEqualTo(batch.get(2).head());
        assertThat(accepted.peerHead().seq()).isEqualTo(3);
        assertThat(accepted.peerHeadSeen()).isEqualTo(Head.EMPTY);
    }

    @Test
    void acceptsBatchesThatFollowOnAndSeeOurEntries() throws Exception {
        acceptAndStore(peer.writeMany(2, Head.EMPTY));
        SignedEntry ours1 = weWrite("we answer");
        SignedEntry ours2 = weWrite("and again");

        SignedEntry p3 = peer.write("seen your #1", ours1.head());
        SignedEntry p4 = peer.write("seen your #2", ours2.head());
        SignedEntry p5 = peer.write("still at your #2", ours2.head());
        BatchVerdict.Accepted accepted = accept(List.of(p3, p4, p5));

        assertThat(accepted.fresh()).containsExactly(p3, p4, p5);
        assertThat(accepted.duplicates()).isZero();
        assertThat(accepted.peerHead()).isEqualTo(p5.head());
        assertThat(accepted.peerHeadSeen()).isEqualTo(ours2.head());
        view.store(accepted);
    }

    @Test
    void acceptsABatchOfOneAtTheLimitAndRefusesOneMore() throws Exception {
        List<SignedEntry> batch = peer.writeMany(ChainRules.MAX_BATCH + 1, Head.EMPTY);

        assertThat(accept(batch.subList(0, ChainRules.MAX_BATCH)).fresh()).hasSize(ChainRules.MAX_BATCH);
        assertRefused(batch, Reason.TOO_LARGE);
    }

    // --- refusing -----------------------------------------------------------------------------

    @Test
    void refusesAnEmptyBatch() {
        assertRefused(List.of(), Reason.MALFORMED);
    }

    @Test
    void refusesASeqGap() throws Exception {
        List<SignedEntry> all = peer.writeMany(5, Head.EMPTY);
        // A first batch must start at #1.
        assertRefused(List.of(all.get(1)), Reason.SEQ_GAP);

        acceptAndStore(all.subList(0, 2));
        // Stored #1..#2: #4 leaves out #3.
        assertRefused(List.of(all.get(3), all.get(4)), Reason.SEQ_GAP);
        // A gap inside a batch.
        assertRefused(List.of(all.get(2), all.get(4)), Reason.SEQ_GAP);
        // The line keeps working: the right batch is still accepted.
        acceptAndStore(all.subList(2, 5));
    }

    @Test
    void refusesEntriesOutOfOrderWithinABatch() throws Exception {
        List<SignedEntry> all = peer.writeMany(3, Head.EMPTY);

        assertRefused(List.of(all.get(1), all.get(0)), Reason.SEQ_GAP);
        assertRefused(List.of(all.get(0), all.get(2), all.get(1)), Reason.SEQ_GAP);
        assertRefused(List.of(all.get(0), all.get(0)), Reason.SEQ_GAP);
    }

    @Test
    void refusesAWrongPrev() throws Exception {
        SignedEntry p1 = peer.write("first", Head.EMPTY);
        acceptAndStore(List.of(p1));

        assertRefused(List.of(peerEntry(2, Optional.of(NOWHERE), Head.EMPTY)), Reason.BAD_PREV);
        // prev naming our entry instead of the peer's own #1 is no better.
        SignedEntry ours1 = weWrite("ours");
        assertRefused(List.of(peerEntry(2, Optional.of(ours1.hash()), Head.EMPTY)), Reason.BAD_PREV);
    }

    @Test
    void refusesAWrongPrevInsideABatchAndStoresNothingOfIt() throws Exception {
        SignedEntry p1 = peer.write("first", Head.EMPTY);
        SignedEntry p2 = peer.write("second", Head.EMPTY);
        SignedEntry bad3 = peerEntry(3, Optional.of(p1.hash()), Head.EMPTY);

        assertRefused(List.of(p1, p2, bad3), Reason.BAD_PREV);
        assertThat(view.theirs).isEmpty();
    }

    @Test
    void refusesSeenOfAnEntryBeyondOurHead() throws Exception {
        SignedEntry ours1 = weWrite("one");
        weWrite("two");

        assertRefused(List.of(peerEntry(1, Optional.empty(), Head.of(3, NOWHERE))), Reason.BAD_SEEN);
        // Far beyond, and with the hash of an entry we did write.
        assertRefused(List.of(peerEntry(1, Optional.empty(), Head.of(1_000, ours1.hash()))), Reason.BAD_SEEN);
    }

    @Test
    void refusesSeenWithTheRightSeqButAHashWeNeverWrote() throws Exception {
        weWrite("one");
        SignedEntry ours2 = weWrite("two");
        SignedEntry p1 = peer.write("first", Head.EMPTY);

        assertRefused(List.of(peerEntry(1, Optional.empty(), Head.of(2, NOWHERE))), Reason.BAD_SEEN);
        // Naming the peer's own entry as if it were ours.
        assertRefused(List.of(peerEntry(1, Optional.empty(), Head.of(1, p1.hash()))), Reason.BAD_SEEN);
        // Our entry's hash, but at another seq.
        assertRefused(List.of(peerEntry(1, Optional.empty(), Head.of(1, ours2.hash()))), Reason.BAD_SEEN);
    }

    @Test
    void refusesSeenOnAnyLineWhenWeHaveWrittenNothing() {
        assertRefused(List.of(peerEntry(1, Optional.empty(), Head.of(1, NOWHERE))), Reason.BAD_SEEN);
    }

    @Test
    void refusesSeenGoingBackwardsAcrossBatches() throws Exception {
        SignedEntry ours1 = weWrite("one");
        SignedEntry ours2 = weWrite("two");
        acceptAndStore(List.of(peer.write("saw your #2", ours2.head())));

        assertRefused(List.of(peerEntry(2, Optional.of(peer.get(1).hash()), ours1.head())), Reason.BAD_SEEN);
        assertRefused(List.of(peerEntry(2, Optional.of(peer.get(1).hash()), Head.EMPTY)), Reason.BAD_SEEN);
        // Staying at #2 is fine.
        acceptAndStore(List.of(peer.write("still at your #2", ours2.head())));
    }

    @Test
    void refusesSeenGoingBackwardsWithinABatch() throws Exception {
        SignedEntry ours1 = weWrite("one");
        SignedEntry ours2 = weWrite("two");
        SignedEntry p1 = peer.write("saw your #2", ours2.head());
        SignedEntry p2 = signed(PEER_KEY, LINE, 2, Optional.of(p1.hash()), ours1.head(), message("back to #1"));

        assertRefused(List.of(p1, p2), Reason.BAD_SEEN);
    }

    @Test
    void refusesAnEntryForAnotherLine() throws Exception {
        SignedEntry elsewhere = signed(PEER_KEY, OTHER_LINE, 1, Optional.empty(), Head.EMPTY, message("wrong line"));
        assertRefused(List.of(elsewhere), Reason.WRONG_LINE);

        SignedEntry p1 = peer.write("first", Head.EMPTY);
        SignedEntry elsewhere2 = signed(PEER_KEY, OTHER_LINE, 2, Optional.of(p1.hash()), Head.EMPTY, message("wrong line"));
        assertRefused(List.of(p1, elsewhere2), Reason.WRONG_LINE);
    }

    @Test
    void refusesAnEntryByAnotherAuthor() throws Exception {
        // Chain rules run after signatures; call them directly, as if a third station's entries reached us.
        SignedEntry third = signed(THIRD_KEY, LINE, 1, Optional.empty(), Head.EMPTY, message("not the peer"));
        assertThatThrownBy(() -> ChainRules.check(LINE, peer.id(), List.of(third), view, TimeBounds.ANY))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.WRONG_AUTHOR));

        // Our own entries echoed back to us.
        SignedEntry ours1 = weWrite("ours");
        assertThatThrownBy(() -> ChainRules.check(LINE, peer.id(), List.of(ours1), view, TimeBounds.ANY))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.WRONG_AUTHOR));
    }

    @Test
    void verifySignaturesRefusesAnEntrySignedByAnotherKey() throws Exception {
        SignedEntry p1 = peer.write("genuine", Head.EMPTY);
        SignedEntry p2 = peer.write("genuine too", Head.EMPTY);
        SignedEntry forged = new SignedEntry(p2.bytes(), THIRD_KEY.sign(p2.bytes()), p2.entry(), p2.hash());

        ChainRules.verifySignatures(List.of(p1, p2), PEER_KEY.verifyingKey());
        assertThatThrownBy(() -> ChainRules.verifySignatures(List.of(p1, forged), PEER_KEY.verifyingKey()))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    // --- replays and overlaps -----------------------------------------------------------------

    @Test
    void aReplayedBatchIsAcceptedWithNothingFresh() throws Exception {
        SignedEntry ours1 = weWrite("ours");
        List<SignedEntry> batch = List.of(peer.write("a", Head.EMPTY), peer.write("b", ours1.head()), peer.write("c", ours1.head()));
        acceptAndStore(batch);

        BatchVerdict.Accepted again = accept(batch);

        assertThat(again.fresh()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(batch.size());
        assertThat(again.peerHead()).isEqualTo(batch.get(2).head());
        assertThat(again.peerHeadSeen()).isEqualTo(ours1.head());
    }

    @Test
    void anOverlappingBatchYieldsOnlyTheNewEntries() throws Exception {
        List<SignedEntry> all = peer.writeMany(5, Head.EMPTY);
        acceptAndStore(all.subList(0, 3));

        BatchVerdict.Accepted accepted = accept(all.subList(1, 5));

        assertThat(accepted.fresh()).containsExactly(all.get(3), all.get(4));
        assertThat(accepted.duplicates()).isEqualTo(2);
        assertThat(accepted.peerHead()).isEqualTo(all.get(4).head());
        view.store(accepted);
    }

    @Test
    void anOldEntryFollowedByAGapIsStillAGap() throws Exception {
        List<SignedEntry> all = peer.writeMany(4, Head.EMPTY);
        acceptAndStore(all.subList(0, 2));

        assertRefused(List.of(all.get(1), all.get(3)), Reason.SEQ_GAP);
    }

    // --- equivocation -------------------------------------------------------------------------

    @Test
    void aDifferentSignedEntryWithAStoredSeqIsEquivocation() throws Exception {
        SignedEntry p1 = peer.write("first", Head.EMPTY);
        SignedEntry p2 = peer.write("second", Head.EMPTY);
        acceptAndStore(List.of(p1, p2));
        SignedEntry other2 = peerEntry(2, Optional.of(p1.hash()), Head.EMPTY);
        assertThat(other2.hash()).isNotEqualTo(p2.hash());

        BatchVerdict verdict = check(List.of(other2));

        assertThat(verdict).isInstanceOf(BatchVerdict.Equivocation.class);
        BatchVerdict.Equivocation equivocation = (BatchVerdict.Equivocation) verdict;
        assertThat(equivocation.conflicting()).isEqualTo(other2);
        assertThat(equivocation.stored()).isEqualTo(p2.hash());
    }

    @Test
    void equivocationIsCaughtAfterDuplicatesInTheSameBatch() throws Exception {
        List<SignedEntry> all = peer.writeMany(3, Head.EMPTY);
        acceptAndStore(all);
        SignedEntry other3 = peerEntry(3, Optional.of(all.get(1).hash()), Head.EMPTY);
        SignedEntry other4 = signed(PEER_KEY, LINE, 4, Optional.of(other3.hash()), Head.EMPTY, message("built on the fork"));

        BatchVerdict verdict = check(List.of(all.get(0), all.get(1), other3, other4));

        assertThat(verdict).isEqualTo(new BatchVerdict.Equivocation(other3, all.get(2).hash()));
    }

    @Test
    void equivocationAtSeqOne() throws Exception {
        SignedEntry p1 = peer.write("first", Head.EMPTY);
        acceptAndStore(List.of(p1));
        SignedEntry other1 = peerEntry(1, Optional.empty(), Head.EMPTY);

        assertThat(check(List.of(other1))).isEqualTo(new BatchVerdict.Equivocation(other1, p1.hash()));
    }

    // --- time: the peer's `at` is checked against our clock, the line's opening and its previous entry ---

    private static final java.time.Instant OPENED = ProtocolFixtures.AT.minusSeconds(3600);
    private static final java.time.Duration SKEW = java.time.Duration.ofMinutes(5);

    /** The peer's next entry on top of its chain, dated {@code at}. */
    private SignedEntry peerDated(java.time.Instant at, Body body) throws ProtocolException {
        return EntryAuthor.next(LINE, PEER_KEY, peer.head(), Head.EMPTY, at, body);
    }

    private BatchVerdict checkAt(java.time.Instant now, List<SignedEntry> batch) throws ProtocolException {
        ChainRules.verifySignatures(batch, PEER_KEY.verifyingKey());
        return ChainRules.check(LINE, peer.id(), batch, view, TimeBounds.of(OPENED, now, SKEW));
    }

    @Test
    void entriesWithinTheSkewOfOurClockAndAfterTheOpeningAreAccepted() throws Exception {
        java.time.Instant now = ProtocolFixtures.AT;
        SignedEntry early = peerDated(OPENED.minus(SKEW), message("as the line opened, by a slow clock"));
        SignedEntry same = EntryAuthor.next(LINE, PEER_KEY, early.head(), Head.EMPTY, early.entry().at(), message("same instant"));
        SignedEntry ahead = EntryAuthor.next(LINE, PEER_KEY, same.head(), Head.EMPTY, now.plus(SKEW), message("a fast clock"));

        assertThat(checkAt(now, List.of(early, same, ahead))).isInstanceOf(BatchVerdict.Accepted.class);
    }

    @Test
    void anEntryAheadOfOurClockByMoreThanTheSkewIsRefused() throws Exception {
        java.time.Instant now = ProtocolFixtures.AT;
        SignedEntry ahead = peerDated(now.plus(SKEW).plusMillis(1), message("from the future"));

        assertThatThrownBy(() -> checkAt(now, List.of(ahead)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIME))
                .hasMessageContaining("our clock");
    }

    @Test
    void theLastInstantJavaCanWriteIsRefused() throws Exception {
        SignedEntry last = peerDated(java.time.Instant.parse("+999999999-12-31T23:59:59.999Z"),
                new Call(CallKind.WATCH_TEST, ProtocolFixtures.AT, java.time.Duration.ofMinutes(5)));
        // It survives its own bytes: the parser reads what a hostile author can sign.
        assertThat(EntryCodec.decode(last.bytes()).at()).isEqualTo(last.entry().at());

        assertThatThrownBy(() -> checkAt(ProtocolFixtures.AT, List.of(last)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIME));
    }

    @Test
    void anEntryFromBeforeTheLineOpenedIsRefused() throws Exception {
        SignedEntry before = peerDated(OPENED.minus(SKEW).minusMillis(1), message("before we met"));

        assertThatThrownBy(() -> checkAt(ProtocolFixtures.AT, List.of(before)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIME))
                .hasMessageContaining("before the line opened");
    }

    @Test
    void anEntryDatedBeforeItsAuthorsPreviousEntryIsRefusedStoredOrInTheSameBatch() throws Exception {
        SignedEntry first = peer.write("first", Head.EMPTY);
        acceptAndStore(List.of(first));
        SignedEntry earlier = peerDated(first.entry().at().minusMillis(1), message("back in time"));

        assertThatThrownBy(() -> checkAt(ProtocolFixtures.AT.plusSeconds(60), List.of(earlier)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIME))
                .hasMessageContaining("previous entry");

        SignedEntry second = peerDated(first.entry().at().plusSeconds(10), message("later"));
        SignedEntry third = EntryAuthor.next(LINE, PEER_KEY, second.head(), Head.EMPTY, first.entry().at().plusSeconds(5),
                message("back within the batch"));
        assertThatThrownBy(() -> checkAt(ProtocolFixtures.AT.plusSeconds(60), List.of(second, third)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIME));
    }

    @Test
    void aDateInABodyBeyondTheYear9999IsRefused() throws Exception {
        SignedEntry call = peerDated(ProtocolFixtures.AT, new Call(CallKind.WATCH_TEST,
                java.time.Instant.parse("+999999999-12-31T23:59:59.999Z"), java.time.Duration.ofMinutes(5)));

        assertThatThrownBy(() -> checkAt(ProtocolFixtures.AT, List.of(call)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIME))
                .hasMessageContaining("1970-9999");
    }
}
