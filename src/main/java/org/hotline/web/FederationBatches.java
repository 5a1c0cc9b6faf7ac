package org.hotline.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.hotline.delivery.Receiver;
import org.hotline.delivery.Wire;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.protocol.DeclaredState;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.store.LineRecord;
import org.hotline.text.Printable;
import org.hotline.transcript.EquivocationException;
import org.hotline.transcript.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code POST /federation/v1/lines/{line}/entries}, once TLS has proved the peer and
 * the line is known to be a line with it: parse the batch, refuse it while we hold the line cut,
 * verify and store it, and answer with our signed receipt or a refusal with its reason. Apart from
 * HTTP, so that it can be driven directly (the fuzz tests do).
 */
public final class FederationBatches {
    private static final Logger LOG = LoggerFactory.getLogger(FederationBatches.class);

    private final Receiver receiver;
    private final String stationName;

    /**
     * What to answer: a status and the JSON body, a {@link Wire.Delivered} or a {@link Wire.Refusal};
     * for a quota refusal, when to try again.
     */
    public record Reply(int status, Object body, java.util.Optional<java.time.Duration> retryAfter) {
        public Reply {
            requireNonNull(body, "body is null");
            requireNonNull(retryAfter, "retryAfter is null");
        }

        public Reply(int status, Object body) {
            this(status, body, java.util.Optional.empty());
        }
    }

    public FederationBatches(Receiver receiver, String stationName) {
        this.receiver = requireNonNull(receiver, "receiver is null");
        this.stationName = requireNonNull(stationName, "stationName is null");
    }

    /**
     * Handles one batch body from the line's peer. Every refusal is a reply; only a store that
     * cannot commit throws ({@link ErrorCode#STORE_UNAVAILABLE}).
     */
    public Reply handle(LineRecord line, byte[] body) throws InterruptedException {
        try {
            Wire.Batch parsed = Wire.JSON.readValue(body, Wire.Batch.class);
            if (parsed == null) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED, "batch body is empty");
            }
            List<SignedEntry> batch = parsed.parse();
            DeclaredState declared = receiver.declared(line);
            DeclaredState withBatch = declared;
            for (SignedEntry entry : batch) {
                withBatch = withBatch.apply(entry.entry());
            }
            // We cut the line: only a batch that moves to restore it (a real proposal, or the
            // acceptance of ours) gets through, not one that merely carries a restore-looking entry.
            if (withBatch.cutBy(receiver.self())) {
                return new Reply(409, new Wire.Refusal("SUSPENDED", "line " + line.name() + " is suspended by "
                        + stationName + " since " + declared.since().map(Object::toString).orElse("?"), receiver.peerHeadSeq(line)));
            }
            return new Reply(200, receiver.receive(line, batch));
        } catch (java.io.IOException e) {
            return refuse(line, ProtocolException.Reason.MALFORMED, "batch is not valid JSON: "
                    + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("")));
        } catch (ProtocolException e) {
            LOG.warn("line {}: refused a batch from {}: {} {}", line.name(), line.peerId().shortForm(), e.reason(), Printable.line(e.getMessage()));
            return refuse(line, e.reason(), e.getMessage());
        } catch (EquivocationException e) {
            LOG.error("line {}: {}", line.name(), Printable.line(e.getMessage()));
            return refuse(line, e.reason(), e.getMessage());
        } catch (org.hotline.delivery.QuotaExceededException e) {
            LOG.debug("line {}: refused a batch over the quota: {}", line.name(), e.getMessage());
            return new Reply(429, new Wire.Refusal(Wire.QUOTA_EXCEEDED, e.getMessage(), receiver.peerHeadSeq(line)),
                    java.util.Optional.of(e.retryAfter()));
        } catch (StoreUnavailableException e) {
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private Reply refuse(LineRecord line, ProtocolException.Reason reason, String message) {
        int status = switch (reason) {
            case MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_TYPE, BAD_RECEIPT -> 400;
            case TOO_LARGE -> 413;
            case BAD_SIGNATURE, WRONG_LINE, WRONG_AUTHOR -> 403;
            case SEQ_GAP, BAD_PREV, BAD_SEEN, BAD_TIME, EQUIVOCATION -> 409;
        };
        return new Reply(status, new Wire.Refusal(reason.name(), message, receiver.peerHeadSeq(line)));
    }
}
