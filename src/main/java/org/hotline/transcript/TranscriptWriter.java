package org.hotline.transcript;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.hotline.protocol.BatchVerdict;
import org.hotline.protocol.ChainRules;
import org.hotline.protocol.ChainView;
import org.hotline.protocol.DeclaredState;
import org.hotline.protocol.RestoreAccept;
import org.hotline.protocol.RestoreProposal;
import org.hotline.protocol.Suspend;
import org.hotline.protocol.Checkpoint;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.EntryCodec;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Body;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.Receipt;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.protocol.TimeBounds;
import org.hotline.store.ChainHead;
import org.hotline.store.Draft;
import org.hotline.store.Evidence;
import org.hotline.store.RequestKey;
import org.hotline.store.StoredCheckpoint;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.store.StoredReceipt;
import org.hotline.store.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of every line's transcript. Requests from any thread queue here; one thread takes
 * as many as are waiting, applies the chain rules against the heads it holds, and commits them all
 * in one transaction (group commit: one fsync for many entries). Heads become visible to readers
 * only after the commit, so nothing reported as stored can be lost.
 */
public final class TranscriptWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TranscriptWriter.class);
    private static final int MAX_GROUP = 512;
    private static final Set<String> CONTROL_TYPES = Set.of(Suspend.TYPE, RestoreProposal.TYPE, RestoreAccept.TYPE);
    private static final int FLUSH_BATCH = 2000;

    private final Store store;
    private final SigningKey key;
    private final StationId self;
    private final Clock clock;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Map<LineId, LineChains> committed = new ConcurrentHashMap<>();
    private final List<Consumer<List<StoredEntry>>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** Lines whose draft flush failed to commit; retried when the writer is next idle. Writer thread only. */
    private final Set<LineId> flushOwed = new java.util.HashSet<>();
    private volatile boolean running = true;

    private sealed interface Request {
        CompletableFuture<?> future();
    }

    private record Append(LineId line, Body body, CompletableFuture<SignedEntry> future) implements Request {}

    /** An ordinary entry: into the chain if the line is open, else a draft until it is restored. */
    private record Submit(LineId line, Body body, boolean mayWait, Optional<String> key, CompletableFuture<Submitted> future)
            implements Request {}

    /** Signs the waiting drafts of a line that is open again into its chain, in order. */
    private record FlushDrafts(LineId line, CompletableFuture<Void> future) implements Request {}

    private record Receive(LineId line, StationId peer, List<SignedEntry> verified, TimeBounds bounds,
            CompletableFuture<Received> future) implements Request {}

    private record RecordReceipt(SignedReceipt receipt, Optional<Checkpoint> checkpoint, CompletableFuture<Void> future)
            implements Request {}

    public TranscriptWriter(Store store, SigningKey key, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.key = requireNonNull(key, "key is null");
        this.self = key.verifyingKey().stationId();
        this.clock = requireNonNull(clock, "clock is null");
        load();
        this.thread = Thread.ofPlatform().name("transcript-writer").daemon(true).unstarted(this::run);
    }

    /**
     * Starts writing. Called once every commit listener is registered, so that none misses what is
     * committed at start (drafts owed to a line that was restored just before a crash).
     */
    public TranscriptWriter start() {
        committed.forEach((line, chains) -> {
            if (chains.declared().isOpen() && chains.draftsWaiting() > 0) {
                queue.add(new FlushDrafts(line, new CompletableFuture<>()));
            }
        });
        thread.start();
        return this;
    }

    private void load() {
        Map<LineId, StationId> peers = new HashMap<>();
        for (ChainHead head : store.chainHeads()) {
            if (!head.author().equals(self)) {
                peers.put(head.line(), head.author());
            }
            LineChains chains = committed.getOrDefault(head.line(), LineChains.EMPTY);
            chains = head.author().equals(self)
                    ? chains.withOwn(head.head(), head.seen(), head.at())
                    : chains.withPeer(head.head(), head.seen(), Optional.of(head.at()), 0);
            committed.put(head.line(), chains);
        }
        for (Map.Entry<LineId, LineChains> entry : committed.entrySet()) {
            LineId line = entry.getKey();
            LineChains chains = entry.getValue().withPosition(store.lastPosition(line));
            Optional<StoredReceipt> receipt = store.latestReceipt(line);
            if (receipt.isPresent()) {
                chains = chains.withReceiptFromPeer(receipt.get().signed().receipt().head().seq(), receipt.get().signed().receipt().own());
            }
            StationId peer = peers.get(line);
            if (peer != null) {
                // The pair our receipt named when the peer's head arrived: that head, and our own
                // head then (our newest entry stored before it). Without it, a checkpoint the peer
                // completes after our restart would form on its side only.
                long arrivedAt = store.chain(line, peer, chains.peer().seq() - 1, 1).getFirst().position();
                chains = chains.withReceiptSigned(chains.peer(), ownHeadBefore(line, chains.own(), arrivedAt));
            }
            DeclaredState declared = DeclaredState.OPEN;
            for (StoredEntry control : store.entriesOfTypes(line, CONTROL_TYPES)) {
                declared = declared.apply(control.signed().entry());
            }
            Store.DraftCount drafts = store.draftCount(line);
            entry.setValue(chains.withDeclared(declared).withDrafts(drafts.waiting(), drafts.lastSeq()));
        }
    }

    /** Our newest entry on the line stored before transcript position {@code position}; our chain's positions grow with seq. */
    private Head ownHeadBefore(LineId line, Head own, long position) {
        long low = 0;
        long high = own.seq();
        Head found = Head.EMPTY;
        while (low < high) {
            long mid = (low + high + 1) / 2;
            StoredEntry entry = store.chain(line, self, mid - 1, 1).getFirst();
            if (entry.position() < position) {
                low = mid;
                found = entry.signed().head();
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Called with the entries of each commit, on the writer thread: keep it short. */
    public void onCommit(Consumer<List<StoredEntry>> listener) {
        listeners.add(listener);
    }

    public LineChains chains(LineId line) {
        return committed.getOrDefault(line, LineChains.EMPTY);
    }

    public StationId self() {
        return self;
    }

    /** Writes a new entry of ours on the line; completes once it is durable. */
    public CompletableFuture<SignedEntry> append(LineId line, Body body) {
        return submit(new Append(line, body, new CompletableFuture<>()));
    }

    /**
     * Writes an ordinary entry (message, call, answer, missed): signed into the chain at once if
     * the line is open here, or kept as a draft, durably, until the line is restored.
     */
    public CompletableFuture<Submitted> submit(LineId line, Body body) {
        if (body.isControl()) {
            throw new IllegalArgumentException("control entries are appended, never drafted");
        }
        return submit(new Submit(line, body, true, Optional.empty(), new CompletableFuture<>()));
    }

    /**
     * Like {@link #submit(LineId, Body)}, for a request the client named {@code key}: a repeat of
     * it (a retry after a lost answer) gets the first one's outcome and writes nothing; the key
     * is stored in the same commit as what it wrote, so no crash can split them.
     */
    public CompletableFuture<Submitted> submit(LineId line, Body body, String key) {
        if (body.isControl()) {
            throw new IllegalArgumentException("control entries are appended, never drafted");
        }
        return submit(new Submit(line, body, true, Optional.of(key), new CompletableFuture<>()));
    }

    /** Like {@link #submit(LineId, Body)}, but fails, storing nothing, if the entry would have to wait. */
    public CompletableFuture<Submitted> submitNow(LineId line, Body body) {
        if (body.isControl()) {
            throw new IllegalArgumentException("control entries are appended, never drafted");
        }
        return submit(new Submit(line, body, false, Optional.empty(), new CompletableFuture<>()));
    }

    /**
     * Stores a batch from the peer whose signatures the caller has verified, if its new entries
     * are dated within {@code bounds} (and each no earlier than the one before it).
     */
    public CompletableFuture<Received> receive(LineId line, StationId peer, List<SignedEntry> verified, TimeBounds bounds) {
        return submit(new Receive(line, peer, List.copyOf(verified), bounds, new CompletableFuture<>()));
    }

    /**
     * The {@code at} of our next entry: our clock, but never before our previous entry, so that a
     * clock stepped back (NTP, a failover to a node running behind) never makes the peer refuse
     * our chain as going back in time.
     */
    private static Instant ownAt(LineChains chains, Instant now) {
        return chains.ownAt().filter(previous -> previous.isAfter(now)).orElse(now);
    }

    /** Keeps a verified receipt of the peer for our chain, and the checkpoint it makes, if any. */
    public CompletableFuture<Void> recordReceipt(SignedReceipt receipt, Optional<Checkpoint> checkpoint) {
        return submit(new RecordReceipt(receipt, checkpoint, new CompletableFuture<>()));
    }

    private <T> CompletableFuture<T> submit(Request request) {
        if (!running) {
            request.future().completeExceptionally(new IllegalStateException("the station is stopping"));
        } else {
            queue.add(request);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<T> future = (CompletableFuture<T>) request.future();
        return future;
    }

    /**
     * Whether {@code submit} repeats a request with the same key, earlier in this group or
     * stored; if so its future gets the first one's outcome (or a refusal if the key named
     * another message) and nothing is written for it.
     */
    private boolean repeated(Submit submit, Hash bodyHash, Map<String, Submit> firsts) {
        String key = submit.key().orElseThrow();
        Submit inGroup = firsts.get(key);
        if (inGroup != null) {
            if (!inGroup.line().equals(submit.line()) || !Hash.sha256(EntryCodec.encodeBody(inGroup.body())).equals(bodyHash)) {
                submit.future().completeExceptionally(new RequestKeyReusedException(key));
            } else {
                inGroup.future().whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        submit.future().completeExceptionally(failure);
                    } else {
                        submit.future().complete(outcome);
                    }
                });
            }
            return true;
        }
        Optional<RequestKey> stored = store.requestKey(key);
        if (stored.isEmpty()) {
            return false;
        }
        RequestKey first = stored.get();
        if (!first.line().equals(submit.line()) || !first.bodyHash().equals(bodyHash)) {
            submit.future().completeExceptionally(new RequestKeyReusedException(key));
        } else if (first.ownSeq().isPresent()) {
            List<StoredEntry> entry = store.chain(first.line(), self, first.ownSeq().getAsLong() - 1, 1);
            submit.future().complete(new Submitted.Written(entry.getFirst().signed()));
        } else {
            submit.future().complete(new Submitted.Waiting(new Draft(first.line(), first.draftSeq().orElseThrow(), submit.body(),
                    first.writtenAt())));
        }
        return true;
    }

    private void run() {
        List<Request> group = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            try {
                Request first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    for (LineId line : flushOwed) {
                        queue.add(new FlushDrafts(line, new CompletableFuture<>()));
                    }
                    flushOwed.clear();
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                process(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("transcript writer failed a group", e);
                group.forEach(request -> request.future().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        Request left;
        while ((left = queue.poll()) != null) {
            left.future().completeExceptionally(new IllegalStateException("the station stopped"));
        }
    }

    /** One group: apply every request to tentative heads, commit once, then publish. */
    private void process(List<Request> group) {
        Instant now = clock.instant();
        WriteBatch batch = new WriteBatch();
        Map<LineId, LineChains> tentative = new HashMap<>();
        Map<String, Hash> pending = new HashMap<>();
        Map<String, Submit> firsts = new HashMap<>();
        List<Runnable> completions = new ArrayList<>();
        for (Request request : group) {
            switch (request) {
                case Append append -> {
                    LineChains chains = tentative.getOrDefault(append.line(), chains(append.line()));
                    SignedEntry entry;
                    try {
                        entry = EntryAuthor.next(append.line(), key, chains.own(), chains.peer(), ownAt(chains, now), append.body());
                    } catch (ProtocolException e) {
                        append.future().completeExceptionally(e);
                        continue;
                    }
                    LineChains next = chains.withOwn(entry.head(), chains.peer(), entry.entry().at()).withDeclared(chains.declared().apply(entry.entry()));
                    tentative.put(append.line(), next);
                    pending.put(pendingKey(append.line(), self, entry.entry().seq()), entry.hash());
                    batch.add(new StoredEntry(entry, next.position(), now));
                    completions.add(() -> append.future().complete(entry));
                }
                case Submit submit -> {
                    Hash bodyHash = submit.key().isPresent() ? Hash.sha256(EntryCodec.encodeBody(submit.body())) : null;
                    if (submit.key().isPresent() && repeated(submit, bodyHash, firsts)) {
                        continue;
                    }
                    submit.key().ifPresent(k -> firsts.put(k, submit));
                    LineChains chains = tentative.getOrDefault(submit.line(), chains(submit.line()));
                    if (!chains.declared().isOpen() || chains.draftsWaiting() > 0) {
                        if (!submit.mayWait()) {
                            submit.future().completeExceptionally(new LineSuspendedException(chains.declared()));
                            continue;
                        }
                        // Suspended, or drafts still waiting their turn: this one waits behind them.
                        Draft draft = new Draft(submit.line(), chains.lastDraftSeq() + 1, submit.body(), now);
                        tentative.put(submit.line(), chains.withDrafts(chains.draftsWaiting() + 1, draft.seq()));
                        batch.add(draft);
                        submit.key().ifPresent(k -> batch.add(new RequestKey(k, submit.line(), bodyHash, OptionalLong.empty(),
                                OptionalLong.of(draft.seq()), now)));
                        completions.add(() -> submit.future().complete(new Submitted.Waiting(draft)));
                        continue;
                    }
                    SignedEntry entry;
                    try {
                        entry = EntryAuthor.next(submit.line(), key, chains.own(), chains.peer(), ownAt(chains, now), submit.body());
                    } catch (ProtocolException e) {
                        submit.future().completeExceptionally(e);
                        continue;
                    }
                    LineChains next = chains.withOwn(entry.head(), chains.peer(), entry.entry().at());
                    tentative.put(submit.line(), next);
                    pending.put(pendingKey(submit.line(), self, entry.entry().seq()), entry.hash());
                    batch.add(new StoredEntry(entry, next.position(), now));
                    submit.key().ifPresent(k -> batch.add(new RequestKey(k, submit.line(), bodyHash,
                            OptionalLong.of(entry.entry().seq()), OptionalLong.empty(), now)));
                    completions.add(() -> submit.future().complete(new Submitted.Written(entry)));
                }
                case FlushDrafts flush -> {
                    LineChains chains = tentative.getOrDefault(flush.line(), chains(flush.line()));
                    if (!chains.declared().isOpen() || chains.draftsWaiting() == 0) {
                        completions.add(() -> flush.future().complete(null));
                        continue;
                    }
                    long upTo = 0;
                    List<Draft> drafts = store.drafts(flush.line(), FLUSH_BATCH);
                    for (Draft draft : drafts) {
                        SignedEntry entry;
                        try {
                            entry = EntryAuthor.next(flush.line(), key, chains.own(), chains.peer(), ownAt(chains, now), draft.body());
                        } catch (ProtocolException e) {
                            LOG.error("draft {} on line {} cannot be signed and is dropped: {}", draft.seq(), flush.line(), e.getMessage());
                            upTo = draft.seq();
                            continue;
                        }
                        chains = chains.withOwn(entry.head(), chains.peer(), entry.entry().at());
                        pending.put(pendingKey(flush.line(), self, entry.entry().seq()), entry.hash());
                        batch.add(new StoredEntry(entry, chains.position(), now));
                        batch.signed(flush.line(), draft.seq(), entry.entry().seq());
                        upTo = draft.seq();
                    }
                    batch.removeDrafts(flush.line(), upTo);
                    tentative.put(flush.line(), chains.withDrafts(chains.draftsWaiting() - drafts.size(), chains.lastDraftSeq()));
                    completions.add(() -> flush.future().complete(null));
                }
                case Receive receive -> receive(receive, now, batch, tentative, pending, completions);
                case RecordReceipt record -> {
                    Receipt receipt = record.receipt().receipt();
                    LineChains chains = tentative.getOrDefault(receipt.line(), chains(receipt.line()));
                    tentative.put(receipt.line(), chains.withReceiptFromPeer(receipt.head().seq(), receipt.own()));
                    batch.add(new StoredReceipt(record.receipt(), now));
                    Optional<Checkpoint> checkpoint = record.checkpoint();
                    if (checkpoint.isEmpty() && receipt.head().equals(chains.signedOwn()) && receipt.own().equals(chains.signedPeer())) {
                        // The peer's receipt names the very heads our last receipt named: both signed both.
                        checkpoint = Optional.of(Checkpoint.of(receipt.line(), self, receipt.head(), receipt.by(), receipt.own()));
                    }
                    checkpoint.ifPresent(agreed -> batch.add(new StoredCheckpoint(agreed, now)));
                    completions.add(() -> record.future().complete(null));
                }
            }
        }
        try {
            store.commit(batch);
        } catch (RuntimeException e) {
            StoreUnavailableException failure = new StoreUnavailableException(e);
            LOG.error("{}", failure.getMessage());
            group.forEach(request -> request.future().completeExceptionally(failure));
            // Drafts owed to an open line must still be signed in once the store recovers.
            for (Request request : group) {
                if (request instanceof FlushDrafts flush) {
                    flushOwed.add(flush.line());
                }
            }
            return;
        }
        Map<LineId, LineChains> before = new HashMap<>();
        for (LineId line : tentative.keySet()) {
            before.put(line, chains(line));
        }
        committed.putAll(tentative);
        for (Map.Entry<LineId, LineChains> changed : tentative.entrySet()) {
            LineChains after = changed.getValue();
            boolean reopened = !before.get(changed.getKey()).declared().isOpen();
            boolean flushedSome = group.stream().anyMatch(request -> request instanceof FlushDrafts flush && flush.line().equals(changed.getKey()));
            if (after.declared().isOpen() && after.draftsWaiting() > 0 && (reopened || flushedSome)) {
                queue.add(new FlushDrafts(changed.getKey(), new CompletableFuture<>()));
            }
        }
        if (!batch.entries().isEmpty()) {
            for (Consumer<List<StoredEntry>> listener : listeners) {
                try {
                    listener.accept(batch.entries());
                } catch (RuntimeException e) {
                    LOG.warn("commit listener failed", e);
                }
            }
        }
        // Listeners hear of a commit before its writers return, so whoever waited on a write can
        // rely on the listeners having been told.
        completions.forEach(Runnable::run);
    }

    private void receive(
            Receive receive,
            Instant now,
            WriteBatch batch,
            Map<LineId, LineChains> tentative,
            Map<String, Hash> pending,
            List<Runnable> completions) {
        LineId line = receive.line();
        LineChains chains = tentative.getOrDefault(line, chains(line));
        ChainView view = new ChainView() {
            @Override
            public Head peerHead() {
                return chains.peer();
            }

            @Override
            public Head peerHeadSeen() {
                return chains.peerSeen();
            }

            @Override
            public Optional<Instant> peerHeadAt() {
                return chains.peerAt();
            }

            @Override
            public Optional<Hash> peerEntryHash(long seq) {
                return lookup(line, receive.peer(), seq);
            }

            @Override
            public Head ownHead() {
                return chains.own();
            }

            @Override
            public Optional<Hash> ownEntryHash(long seq) {
                return lookup(line, self, seq);
            }

            private Optional<Hash> lookup(LineId line, StationId author, long seq) {
                Hash hash = pending.get(pendingKey(line, author, seq));
                if (hash != null) {
                    return Optional.of(hash);
                }
                // Most entries have seen our head, and most replays start at the peer's head: no query.
                Head head = author.equals(self) ? chains.own() : chains.peer();
                if (seq == head.seq()) {
                    return head.hash();
                }
                return store.entryHash(line, author, seq);
            }
        };
        BatchVerdict verdict;
        try {
            verdict = ChainRules.check(line, receive.peer(), receive.verified(), view, receive.bounds());
        } catch (ProtocolException e) {
            receive.future().completeExceptionally(e);
            return;
        }
        switch (verdict) {
            case BatchVerdict.Accepted accepted -> {
                long position = chains.position();
                List<StoredEntry> fresh = new ArrayList<>();
                for (SignedEntry entry : accepted.fresh()) {
                    StoredEntry stored = new StoredEntry(entry, ++position, now);
                    fresh.add(stored);
                    batch.add(stored);
                    pending.put(pendingKey(line, receive.peer(), entry.entry().seq()), entry.hash());
                }
                DeclaredState declared = chains.declared();
                for (SignedEntry entry : accepted.fresh()) {
                    declared = declared.apply(entry.entry());
                }
                Optional<Instant> peerAt = accepted.fresh().isEmpty() ? chains.peerAt()
                        : Optional.of(accepted.fresh().getLast().entry().at());
                LineChains next = chains.withPeer(accepted.peerHead(), accepted.peerHeadSeen(), peerAt, position)
                        .withReceiptSigned(accepted.peerHead(), chains.own())
                        .withDeclared(declared);
                tentative.put(line, next);
                // Our receipt will name (peer head, our head). If the peer has already signed the
                // same pair, in its head entry's seen or in its latest receipt, both signed both.
                boolean peerSignedPair = accepted.peerHeadSeen().equals(next.own())
                        || (next.acknowledged() == next.own().seq() && next.acknowledgedWithPeerAt().equals(accepted.peerHead()));
                if (peerSignedPair) {
                    batch.add(new StoredCheckpoint(
                            Checkpoint.of(line, receive.peer(), accepted.peerHead(), self, next.own()), now));
                }
                Received received = new Received(fresh, accepted.duplicates(), accepted.peerHead(), next.own());
                completions.add(() -> receive.future().complete(received));
            }
            case BatchVerdict.Equivocation equivocation -> {
                batch.add(new Evidence(equivocation.conflicting(), equivocation.stored(), now));
                equivocation.counterpart().ifPresent(counterpart ->
                        batch.add(new Evidence(counterpart, equivocation.conflicting().hash(), now)));
                batch.flag(line, "equivocation by " + receive.peer().display() + " at #" + equivocation.conflicting().entry().seq()
                        + " detected " + now);
                completions.add(() -> receive.future().completeExceptionally(new EquivocationException(equivocation.conflicting())));
            }
        }
    }

    private static String pendingKey(LineId line, StationId author, long seq) {
        return line.value() + '/' + author.value() + '/' + seq;
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
