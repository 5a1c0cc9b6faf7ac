package org.hotline.store;

import java.util.ArrayList;
import java.util.List;
import org.hotline.protocol.LineId;

/**
 * Everything one group commit writes, in one transaction: all of it is stored or none of it.
 * Filled by the single transcript writer, then handed to {@link Store#commit(WriteBatch)}.
 */
public final class WriteBatch {
    private final List<StoredEntry> entries = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private final List<StoredReceipt> receipts = new ArrayList<>();
    private final List<StoredCheckpoint> checkpoints = new ArrayList<>();
    private final List<LineFlag> flags = new ArrayList<>();
    private final List<Draft> drafts = new ArrayList<>();
    private final List<DraftRemoval> draftRemovals = new ArrayList<>();
    private final List<RequestKey> requestKeys = new ArrayList<>();
    private final List<DraftSigned> draftsSigned = new ArrayList<>();

    public record LineFlag(LineId line, String flag) {}

    /** Drafts of a line up to and including {@code upToSeq} have become entries. */
    public record DraftRemoval(LineId line, long upToSeq) {}

    /** A draft of a line became our entry {@code ownSeq}: a request key that named the draft now names the entry. */
    public record DraftSigned(LineId line, long draftSeq, long ownSeq) {}

    public void add(RequestKey key) {
        requestKeys.add(key);
    }

    public void signed(LineId line, long draftSeq, long ownSeq) {
        draftsSigned.add(new DraftSigned(line, draftSeq, ownSeq));
    }

    public List<RequestKey> requestKeys() {
        return requestKeys;
    }

    public List<DraftSigned> draftsSigned() {
        return draftsSigned;
    }

    public void add(Draft draft) {
        drafts.add(draft);
    }

    public void removeDrafts(LineId line, long upToSeq) {
        draftRemovals.add(new DraftRemoval(line, upToSeq));
    }

    public List<Draft> drafts() {
        return drafts;
    }

    public List<DraftRemoval> draftRemovals() {
        return draftRemovals;
    }

    public void add(StoredEntry entry) {
        entries.add(entry);
    }

    public void add(Evidence item) {
        evidence.add(item);
    }

    public void add(StoredReceipt receipt) {
        receipts.add(receipt);
    }

    public void add(StoredCheckpoint checkpoint) {
        checkpoints.add(checkpoint);
    }

    public void flag(LineId line, String flag) {
        flags.add(new LineFlag(line, flag));
    }

    public List<StoredEntry> entries() {
        return entries;
    }

    public List<Evidence> evidence() {
        return evidence;
    }

    public List<StoredReceipt> receipts() {
        return receipts;
    }

    public List<StoredCheckpoint> checkpoints() {
        return checkpoints;
    }

    public List<LineFlag> flags() {
        return flags;
    }

    public boolean isEmpty() {
        return entries.isEmpty() && evidence.isEmpty() && receipts.isEmpty() && checkpoints.isEmpty() && flags.isEmpty()
                && drafts.isEmpty() && draftRemovals.isEmpty() && requestKeys.isEmpty() && draftsSigned.isEmpty();
    }
}
