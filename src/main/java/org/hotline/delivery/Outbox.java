package org.hotline.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hotline.protocol.Checkpoint;
import org.hotline.protocol.LineId;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.store.LineRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.text.Printable;
import org.hotline.transcript.LineChains;
import org.hotline.transcript.TranscriptWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward delivery. Our own chain is the outbox: every entry is durable before it is
 * sent. One sender per line pushes what the peer has not acknowledged, in order, in batches, and
 * records the peer's signed receipt; on failure it waits with capped exponential backoff and
 * jitter. After a restart it resumes from the last receipt; entries the peer already holds are
 * recognised as duplicates there, so each arrives exactly once.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /**
     * Batches start at most this large on the wire. A peer whose body limit is smaller answers 413,
     * and then gets batches half the size of the refused one, down to a single entry.
     */
    static final long INITIAL_BATCH_BYTES = 1024 * 1024;
    private static final java.util.Set<String> RESTORE_TYPES =
            java.util.Set.of(org.hotline.protocol.RestoreProposal.TYPE, org.hotline.protocol.RestoreAccept.TYPE);
    private static final long BATCH_OVERHEAD = 16;

    private final TranscriptWriter writer;
    private final Store store;
    private final Peers peers;
    private final LinkMonitor links;
    private final int batchSize;
    private final Map<LineId, Sender> senders = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private final java.time.Clock clock;
    private final java.util.function.Consumer<Duration> deliveryLatency;

    public Outbox(TranscriptWriter writer, Store store, Peers peers, LinkMonitor links, int batchSize, java.time.Clock clock,
            java.util.function.Consumer<Duration> deliveryLatency) {
        this.clock = clock;
        this.deliveryLatency = deliveryLatency;
        this.writer = writer;
        this.store = store;
        this.peers = peers;
        this.links = links;
        this.batchSize = batchSize;
        // A peer that comes back need not wait out our backoff: the heartbeat saw it first.
        links.onLinkUp(line -> {
            Sender sender = senders.get(line);
            if (sender != null) {
                sender.retryNow.release();
            }
        });
        writer.onCommit(entries -> {
            for (StoredEntry entry : entries) {
                if (entry.signed().entry().author().equals(writer.self())) {
                    wake(entry.signed().entry().line());
                }
            }
        });
    }

    public void start(LineRecord line) {
        senders.computeIfAbsent(line.id(), id -> {
            Sender sender = new Sender(line);
            sender.thread = Thread.ofVirtual().name("outbox-" + line.name()).start(sender::run);
            return sender;
        });
    }

    public void wake(LineId line) {
        Sender sender = senders.get(line);
        if (sender != null) {
            sender.signal.release();
        }
    }

    private final class Sender {
        private final LineRecord line;
        private final Semaphore signal = new Semaphore(0);
        private final Semaphore retryNow = new Semaphore(0);
        private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new Random());
        private long cursor;
        /** The peer refused our last batch because it cut the line. */
        private boolean peerCut;
        private long batchBytes = INITIAL_BATCH_BYTES;
        private int lastBatchEntries;
        private long lastBatchBytes;
        private Thread thread;

        Sender(LineRecord line) {
            this.line = line;
            this.cursor = writer.chains(line.id()).acknowledged();
        }

        void run() {
            while (running) {
                try {
                    LineChains chains = writer.chains(line.id());
                    if (chains.declared().silentlyCutBy(writer.self())) {
                        // Silence means silence: even our suspend entry waits until we move to restore.
                        signal.tryAcquire(1, TimeUnit.SECONDS);
                        signal.drainPermits();
                    } else if (chains.own().seq() > cursor) {
                        pushOnce();
                    } else {
                        signal.tryAcquire(1, TimeUnit.SECONDS);
                        signal.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (BoundedBody.TooLargeException | BoundedBody.TooSlowException e) {
                    // The peer answered, but not within the limits: as good as a refusal, and no
                    // reason to hammer it sooner than the backoff says.
                    links.misbehaved(line, e.getMessage());
                    pause();
                } catch (IOException | RuntimeException e) {
                    links.failure(line, Failures.describe(e));
                    pause();
                } catch (PeerRefusedException e) {
                    if (!shrink(e)) {
                        refused(e);
                        pause(e.retryAfter());
                    }
                } catch (ProtocolException e) {
                    LOG.error("line {}: peer's receipt is not acceptable: {}", line.name(), Printable.line(e.getMessage()));
                    // Shown to the operator: a peer answering with bad receipts is not a healthy line.
                    links.refused(line, e.reason() + ": " + e.getMessage());
                    pause();
                }
            }
        }

        private void pushOnce() throws IOException, PeerRefusedException, ProtocolException, InterruptedException {
            int limit = batchSize;
            boolean stretch = false;
            if (peerCut) {
                // The peer cut the line and refuses what we wrote before we knew: the batch must
                // reach our latest restore entry, or our proposal (or acceptance) never gets through.
                long restoreSeq = store.entriesOfTypes(line.id(), RESTORE_TYPES).stream()
                        .map(StoredEntry::signed)
                        .filter(entry -> entry.entry().author().equals(writer.self()))
                        .mapToLong(entry -> entry.entry().seq())
                        .max()
                        .orElse(0);
                if (restoreSeq > cursor) {
                    limit = (int) Math.min(org.hotline.protocol.ChainRules.MAX_BATCH, Math.max(batchSize, restoreSeq - cursor));
                    stretch = true;
                }
            }
            List<StoredEntry> batch = store.chain(line.id(), writer.self(), cursor, limit);
            if (batch.isEmpty()) {
                return;
            }
            List<SignedEntry> entries = new ArrayList<>(batch.size());
            long bytes = BATCH_OVERHEAD;
            for (StoredEntry stored : batch) {
                long size = wireSize(stored.signed());
                if (!entries.isEmpty() && bytes + size > batchBytes && !stretch) {
                    break;
                }
                entries.add(stored.signed());
                bytes += size;
            }
            lastBatchEntries = entries.size();
            lastBatchBytes = bytes;
            long started = System.nanoTime();
            PeerClient client = peers.client(line);
            SignedReceipt receipt;
            try {
                receipt = client.push(line.id(), entries);
            } catch (IOException e) {
                if (client.retired()) {
                    // The link monitor retired the client under us (the path went silent, or came
                    // back from silence): send again at once on a new one. The peer recognises
                    // whatever of the batch it already stored.
                    LOG.debug("line {}: batch in flight on a retired connection; sending again", line.name());
                    return;
                }
                throw e;
            }
            links.contact(line.id(), Optional.of(Duration.ofNanos(System.nanoTime() - started)));
            accept(receipt, entries.getLast());
            links.delivered(line.id());
            peerCut = false;
            java.time.Instant now = clock.instant();
            for (int i = 0; i < entries.size(); i++) {
                deliveryLatency.accept(Duration.between(batch.get(i).storedAt(), now));
            }
            backoff.reset();
        }

        /** Verifies the receipt against our own chain, then keeps it and any checkpoint it makes. */
        private void accept(SignedReceipt receipt, SignedEntry lastSent) throws ProtocolException {
            long seq = receipt.receipt().head().seq();
            if (seq < lastSent.entry().seq()) {
                throw new ProtocolException(ProtocolException.Reason.BAD_RECEIPT,
                        "receipt acknowledges #" + seq + " after we sent up to #" + lastSent.entry().seq());
            }
            SignedEntry acknowledged = seq == lastSent.entry().seq()
                    ? lastSent
                    : store.chain(line.id(), writer.self(), seq - 1, 1).stream()
                            .map(StoredEntry::signed)
                            .findFirst()
                            .orElseThrow(() -> new ProtocolException(ProtocolException.Reason.BAD_RECEIPT,
                                    "receipt acknowledges #" + seq + ", which we never wrote"));
            receipt.verify(line.peerKey(), line.id(), writer.self(), acknowledged.head());
            Optional<Checkpoint> checkpoint = Checkpoint.fromReceipt(receipt.receipt(), acknowledged.entry().seen());
            // Not awaited: the next batch need not wait for this fsync. Should the commit fail, the
            // receipt is lost but nothing else; the peer recognises a resend as duplicates.
            writer.recordReceipt(receipt, checkpoint).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("line {}: could not store the peer's receipt: {}", line.name(), failure.getMessage());
                }
            });
            cursor = seq;
        }

        /** After a 413, sends smaller batches. False when the refused batch was a single entry. */
        private boolean shrink(PeerRefusedException e) {
            if (e.status() != 413 || lastBatchEntries <= 1) {
                return false;
            }
            batchBytes = Math.max(1, lastBatchBytes / 2);
            LOG.warn("line {}: peer refused a batch of {} entries ({} bytes) as too large; sending at most {} bytes a batch",
                    line.name(), lastBatchEntries, lastBatchBytes, batchBytes);
            return true;
        }

        private void refused(PeerRefusedException e) {
            Long have = e.refusal().have();
            if ("SUSPENDED".equals(e.refusal().error())) {
                peerCut = true;
                // The peer cut the line; what we wrote before we learned of it waits until a restore.
                LOG.info("line {}: {}", line.name(), Printable.line(e.refusal().reason()));
                links.refused(line, e.refusal().reason());
                return;
            }
            if (have != null && have < cursor && "SEQ_GAP".equals(e.refusal().error())) {
                // The peer holds less of our chain than it once acknowledged (restored from an old
                // backup?). Its receipts stay valid evidence; resend what it lacks.
                LOG.warn("line {}: peer holds our chain only up to #{}; resending from there", line.name(), have);
                cursor = have;
                return;
            }
            if (Wire.QUOTA_EXCEEDED.equals(e.refusal().error())) {
                // We sent more than the peer lets us store on this line: nothing is lost, it waits
                // here until the peer's quota has room (its Retry-After), and not a moment sooner.
                String wait = e.retryAfter().map(after -> "; sending again in " + after.toSeconds() + " s").orElse("");
                LOG.warn("line {}: refused by the peer's quota{}: {}", line.name(), wait, Printable.line(e.refusal().reason()));
                links.refused(line, Wire.QUOTA_EXCEEDED + ": refused by the peer's quota" + wait + " (" + e.refusal().reason() + ")");
                return;
            }
            LOG.error("line {}: peer refused our batch: {}", line.name(), Printable.line(e.getMessage()));
            links.refused(line, e.getMessage());
        }

        private void pause() {
            pause(Optional.empty());
        }

        /** Waits out the backoff, or the peer's Retry-After when that is longer (a link coming up does not cut it short). */
        private void pause(Optional<Duration> retryAfter) {
            Duration delay = backoff.nextDelay();
            try {
                if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
                    Thread.sleep(retryAfter.get());
                    return;
                }
                retryNow.drainPermits();
                retryNow.tryAcquire(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The size of an entry in a batch body: base64 of its bytes and signature, in a small JSON object. */
    static long wireSize(SignedEntry entry) {
        return base64Length(entry.bytes().length) + base64Length(entry.signature().length) + 24;
    }

    private static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    @Override
    public void close() {
        running = false;
        for (Sender sender : senders.values()) {
            if (sender.thread != null) {
                sender.thread.interrupt();
            }
        }
        for (Sender sender : senders.values()) {
            try {
                if (sender.thread != null) {
                    sender.thread.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
