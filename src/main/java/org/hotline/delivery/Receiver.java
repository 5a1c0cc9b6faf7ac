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

    /** {@code clockSkew}: how far the peer's clock may be off ours, either way, in the {@code at} of its entries. */
    public Receiver(TranscriptWriter writer, SigningKey key, Clock clock, LinkMonitor links,
            java.util.function.BiConsumer<LineRecord, String> onEquivocation, Duration clockSkew) {
        this.clockSkew = clockSkew;
        this.writer = writer;
        this.key = key;
        this.clock = clock;
        this.links = links;
        this.onEquivocation = onEquivocation;
    }

    public Wire.Delivered receive(LineRecord line, List<SignedEntry> batch) throws ProtocolException, InterruptedException {
        if (batch.size() > ChainRules.MAX_BATCH) {
            throw new ProtocolException(ProtocolException.Reason.TOO_LARGE,
                    "batch has " + batch.size() + " entries; the limit is " + ChainRules.MAX_BATCH);
        }
        ChainRules.checkAddressed(line.id(), line.peerId(), batch);
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
