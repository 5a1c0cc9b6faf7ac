package org.hotline.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.hotline.protocol.ChainRules;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.Receipt;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.TimeBounds;
import org.hotline.store.LineRecord;
import org.hotline.transcript.Received;
import org.hotline.transcript.TranscriptWriter;

/**
 * Receives a batch from the peer: signatures are checked here, on the request's own thread, then
 * the writer applies the chain rules and stores the batch atomically; the answer is our signed
 * receipt for the peer's new head. A refused batch stores nothing.
 */
public final class Receiver {
    private final TranscriptWriter writer;
    private final SigningKey key;
    private final Clock clock;
    private final LinkMonitor links;
    private final java.util.function.BiConsumer<LineRecord, String> onEquivocation;
    private final Duration clockSkew;
    private final LineQuotas quotas;
    private final QuotaListener onOverQuota;
    /** Lines whose peer is being refused for its quota: one alert per episode, until a batch fits again. */
    private final java.util.Set<org.hotline.protocol.LineId> overQuota = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Told of every batch refused for the line's quota; {@code episodeBegins} for the first since one fitted. */
    public interface QuotaListener {
        void refused(LineRecord line, String reason, boolean episodeBegins);
    }

    /** Without a storage quota to speak of: for tools and tests that drive the chain rules. */
    public Receiver(TranscriptWriter writer, SigningKey key, Clock clock, LinkMonitor links,
            java.util.function.BiConsumer<LineRecord, String> onEquivocation, Duration clockSkew) {
        this(writer, key, clock, links, onEquivocation, clockSkew,
                new LineQuotas(new org.hotline.config.LineQuota(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, java.time.Duration.ofSeconds(1))),
                (line, reason, episodeBegins) -> { });
    }

    /**
     * {@code clockSkew}: how far the peer's clock may be off ours, either way, in the {@code at} of its
     * entries; {@code quotas}: how much the peer may store per line and window.
     */
    public Receiver(TranscriptWriter writer, SigningKey key, Clock clock, LinkMonitor links,
            java.util.function.BiConsumer<LineRecord, String> onEquivocation, Duration clockSkew, LineQuotas quotas,
            QuotaListener onOverQuota) {
        this.clockSkew = clockSkew;
        this.writer = writer;
        this.key = key;
        this.clock = clock;
        this.links = links;
        this.onEquivocation = onEquivocation;
        this.quotas = quotas;
        this.onOverQuota = onOverQuota;
    }

    /**
     * Verifies and stores a batch from the peer within the line's quota.
     *
     * @throws QuotaExceededException when the batch's new entries do not fit in what the line's
     *     quota has left; nothing is stored, and the answer says when they will
     */
    public Wire.Delivered receive(LineRecord line, List<SignedEntry> batch)
            throws ProtocolException, InterruptedException, QuotaExceededException {
        if (batch.size() > ChainRules.MAX_BATCH) {
            throw new ProtocolException(ProtocolException.Reason.TOO_LARGE,
                    "batch has " + batch.size() + " entries; the limit is " + ChainRules.MAX_BATCH);
        }
        ChainRules.checkAddressed(line.id(), line.peerId(), batch);
        // Charged before the signatures are checked, so that a flood costs its sender the quota
        // rather than us the CPU; entries we already hold (a resend) are free.
        long held = writer.chains(line.id()).peer().seq();
        long entries = 0;
        long bytes = 0;
        for (SignedEntry entry : batch) {
            if (entry.entry().seq() > held) {
                entries++;
                bytes += entry.bytes().length;
            }
        }
        try {
            quotas.take(line.id(), entries, bytes);
        } catch (QuotaExceededException e) {
            onOverQuota.refused(line, e.getMessage(), overQuota.add(line.id()));
            throw e;
        }
        boolean stored = false;
        try {
            Wire.Delivered delivered = verifyAndStore(line, batch);
            stored = true;
            overQuota.remove(line.id());
            return delivered;
        } finally {
            if (!stored) {
                quotas.giveBack(line.id(), entries, bytes);
            }
        }
    }

    private Wire.Delivered verifyAndStore(LineRecord line, List<SignedEntry> batch) throws ProtocolException, InterruptedException {
        ChainRules.verifySignatures(batch, line.peerKey());
        Received received;
        try {
            received = writer.receive(line.id(), line.peerId(), batch, TimeBounds.of(line.openedAt(), clock.instant(), clockSkew)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProtocolException protocol) {
                throw protocol;
            }
            if (e.getCause() instanceof org.hotline.transcript.EquivocationException equivocation) {
                onEquivocation.accept(line, equivocation.getMessage());
                throw equivocation;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        links.contact(line.id(), Optional.empty());
        Receipt receipt = new Receipt(line.id(), writer.self(), line.peerId(), received.peerHead(), received.ownHead(), clock.instant());
        return new Wire.Delivered(Wire.Signed.of(SignedReceipt.sign(receipt, key)), received.fresh().size(), received.duplicates());
    }

    /** How much of the peer's chain we hold, for refusals and heartbeats. */
    public long peerHeadSeq(LineRecord line) {
        return writer.chains(line.id()).peer().seq();
    }

    /** The line's declared state here. */
    public org.hotline.protocol.DeclaredState declared(LineRecord line) {
        return writer.chains(line.id()).declared();
    }

    public org.hotline.protocol.StationId self() {
        return writer.self();
    }

    /** How long our own chain on the line is. */
    public long ownHeadSeq(LineRecord line) {
        return writer.chains(line.id()).own().seq();
    }
}
