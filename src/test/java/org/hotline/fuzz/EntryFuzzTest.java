package org.hotline.fuzz;

import static org.hotline.fuzz.FuzzWorld.OPEN;
import static org.hotline.fuzz.FuzzWorld.PEER;
import static org.hotline.fuzz.FuzzWorld.PEER_ID;
import static org.hotline.fuzz.FuzzWorld.expect;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.BatchVerdict;
import org.hotline.protocol.ChainAudit;
import org.hotline.protocol.ChainRules;
import org.hotline.protocol.ChainView;
import org.hotline.protocol.Entry;
import org.hotline.protocol.EntryCodec;
import org.hotline.protocol.Head;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;

/**
 * Fuzzes the entry parser and the chain rules. The input is one entry, or a batch of entries
 * separated by NUL bytes. Every piece must either parse or be refused with a
 * {@link ProtocolException}; anything else thrown is a finding. A parsed entry must encode again
 * and read back as the same entry. A batch whose pieces all parse is signed with the peer's key
 * (so that the rules, not the signature, decide) and checked against line {@link FuzzWorld#OPEN};
 * an accepted batch must extend the peer's chain into one that an auditor
 * ({@link ChainAudit}) also accepts.
 *
 * <p>Plain {@code ./run-tests} replays the committed inputs in
 * {@code src/test/resources/org/hotline/fuzz/EntryFuzzTestInputs/entries}; the {@code fuzz}
 * profile fuzzes (README, "Fuzzing").
 */
class EntryFuzzTest {
    @FuzzTest(maxDuration = "60s")
    @DictionaryFile(resourcePath = "hotline.dict")
    void entries(byte[] data) {
        List<byte[]> pieces = FuzzWorld.split(data, FuzzWorld.SEPARATOR, ChainRules.MAX_BATCH + 1);
        List<SignedEntry> batch = new ArrayList<>(pieces.size());
        for (byte[] piece : pieces) {
            Entry entry;
            try {
                entry = EntryCodec.decode(piece);
            } catch (ProtocolException refused) {
                continue;
            }
            roundTrip(entry);
            try {
                batch.add(SignedEntry.parse(piece, PEER.sign(piece)));
            } catch (ProtocolException e) {
                throw new AssertionError("bytes that decode once must decode again", e);
            }
        }
        if (batch.size() == pieces.size()) {
            checkBatch(batch);
        }
    }

    /** encode(decode(x)) decodes to the same entry, and encoding is stable from then on. */
    static void roundTrip(Entry entry) {
        byte[] encoded;
        try {
            encoded = EntryCodec.encode(entry);
        } catch (ProtocolException e) {
            throw new AssertionError("a parsed entry cannot be encoded again: " + e.getMessage(), e);
        }
        Entry again;
        try {
            again = EntryCodec.decode(encoded);
        } catch (ProtocolException e) {
            throw new AssertionError("the encoding of a parsed entry does not parse: " + e.getMessage(), e);
        }
        expect(again.equals(entry), "round trip changed the entry: " + entry + " became " + again);
        try {
            expect(Arrays.equals(EntryCodec.encode(again), encoded), "encoding is not stable");
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static void checkBatch(List<SignedEntry> batch) {
        try {
            ChainRules.verifySignatures(batch, PEER.verifyingKey());
        } catch (ProtocolException e) {
            throw new AssertionError("entries signed with the peer's key must verify", e);
        }
        ChainView view = FuzzWorld.view(OPEN);
        BatchVerdict verdict;
        try {
            verdict = ChainRules.check(OPEN, PEER_ID, batch, view, org.hotline.protocol.TimeBounds.ANY);
        } catch (ProtocolException refused) {
            return;
        }
        switch (verdict) {
            case BatchVerdict.Accepted accepted -> {
                expect(accepted.fresh().size() + accepted.duplicates() == batch.size(), "fresh + duplicates != batch size");
                List<SignedEntry> chain = new ArrayList<>(FuzzWorld.chain(OPEN, PEER_ID));
                chain.addAll(accepted.fresh());
                Head audited;
                try {
                    audited = ChainAudit.verify(OPEN, PEER.verifyingKey(), chain);
                } catch (ProtocolException e) {
                    throw new AssertionError("the chain rules accepted a batch the audit refuses: " + e.getMessage(), e);
                }
                expect(audited.equals(accepted.peerHead()), "accepted head " + accepted.peerHead() + " but the audit ends at " + audited);
                Head seen = accepted.fresh().isEmpty() ? view.peerHeadSeen() : accepted.fresh().getLast().entry().seen();
                expect(accepted.peerHeadSeen().equals(seen), "peerHeadSeen is not the seen of the new head");
                for (SignedEntry entry : accepted.fresh()) {
                    Head entrySeen = entry.entry().seen();
                    expect(entrySeen.isEmpty() || view.ownEntryHash(entrySeen.seq()).equals(entrySeen.hash()),
                            "accepted an entry that has seen an entry we never wrote");
                }
            }
            case BatchVerdict.Equivocation equivocation -> {
                expect(batch.contains(equivocation.conflicting()), "the conflicting entry is not from the batch");
                expect(!equivocation.stored().equals(equivocation.conflicting().hash()), "equivocation with an identical entry");
                long seq = equivocation.conflicting().entry().seq();
                boolean storedHere = view.peerEntryHash(seq).equals(Optional.of(equivocation.stored()));
                boolean inBatch = equivocation.counterpart().isPresent()
                        && equivocation.counterpart().get().entry().seq() == seq
                        && equivocation.counterpart().get().hash().equals(equivocation.stored());
                expect(storedHere || inBatch, "equivocation names a hash that is neither stored nor in the batch");
            }
        }
    }
}
