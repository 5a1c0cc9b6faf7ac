package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * A delivery receipt: station {@code by} acknowledges that it has durably stored the chain of
 * {@code of} on {@code line} up to and including {@code head}, while its own head was
 * {@code own}. Signed by {@code by}, so it cannot later be denied.
 */
public record Receipt(LineId line, StationId by, StationId of, Head head, Head own, Instant at) {
    public static final String TYPE = "receipt";
    private static final Set<String> FIELDS = Set.of("v", "type", "line", "by", "of", "head", "own", "at");
    private static final String WHAT = "receipt";

    public Receipt {
        requireNonNull(line, "line is null");
        requireNonNull(by, "by is null");
        requireNonNull(of, "of is null");
        requireNonNull(head, "head is null");
        requireNonNull(own, "own is null");
        requireNonNull(at, "at is null");
        if (head.isEmpty()) {
            throw new IllegalArgumentException("a receipt acknowledges at least one entry");
        }
        if (by.equals(of)) {
            throw new IllegalArgumentException("a station does not sign receipts for its own chain");
        }
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    public byte[] encode() {
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("v", Entry.VERSION);
            generator.writeStringField("type", TYPE);
            generator.writeStringField("line", line.value());
            generator.writeStringField("by", by.value());
            generator.writeStringField("of", of.value());
            StrictJson.writeHead(generator, "head", head);
            StrictJson.writeHead(generator, "own", own);
            generator.writeStringField("at", at.truncatedTo(ChronoUnit.MILLIS).toString());
            generator.writeEndObject();
        });
    }

    public static Receipt decode(byte[] bytes) throws ProtocolException {
        if (bytes.length > 4096) {
            throw new ProtocolException(Reason.TOO_LARGE, "receipt is " + bytes.length + " bytes");
        }
        ObjectNode node = StrictJson.readObject(bytes, WHAT);
        StrictJson.onlyFields(node, FIELDS, WHAT);
        if (StrictJson.positiveLong(node, "v", WHAT) != Entry.VERSION) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "receipt version is not supported");
        }
        if (!TYPE.equals(StrictJson.text(node, "type", WHAT))) {
            throw new ProtocolException(Reason.MALFORMED, "not a receipt");
        }
        Head head = StrictJson.head(node, "head", WHAT);
        if (head.isEmpty()) {
            throw new ProtocolException(Reason.MALFORMED, "receipt acknowledges nothing");
        }
        try {
            return new Receipt(
                StrictJson.lineId(node, "line", WHAT),
                StrictJson.stationId(node, "by", WHAT),
                StrictJson.stationId(node, "of", WHAT),
                head,
                StrictJson.head(node, "own", WHAT),
                StrictJson.instant(node, "at", WHAT));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, "receipt: " + e.getMessage());
        }
    }
}
