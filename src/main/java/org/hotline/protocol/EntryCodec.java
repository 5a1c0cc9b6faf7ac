package org.hotline.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * Entries to and from their exact bytes. The author serialises once; everybody else only parses.
 * Field order on the wire: v, line, author, seq, prev, seen, at, type, body.
 */
public final class EntryCodec {
    public static final int MAX_ENTRY_BYTES = 64 * 1024;
    private static final Set<String> FIELDS = Set.of("v", "line", "author", "seq", "prev", "seen", "at", "type", "body");
    private static final Set<String> MESSAGE_FIELDS = Set.of("text", "priority", "lang");
    private static final String WHAT = "entry";

    private EntryCodec() {}

    public static byte[] encode(Entry entry) throws ProtocolException {
        byte[] bytes = StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("v", entry.version());
            generator.writeStringField("line", entry.line().value());
            generator.writeStringField("author", entry.author().value());
            generator.writeNumberField("seq", entry.seq());
            if (entry.prev().isPresent()) {
                generator.writeStringField("prev", entry.prev().get().hex());
            } else {
                generator.writeNullField("prev");
            }
            StrictJson.writeHead(generator, "seen", entry.seen());
            generator.writeStringField("at", entry.at().truncatedTo(ChronoUnit.MILLIS).toString());
            generator.writeStringField("type", entry.body().type());
            generator.writeFieldName("body");
            generator.writeStartObject();
            switch (entry.body()) {
                case Message message -> {
                    generator.writeStringField("text", message.text());
                    generator.writeStringField("priority", message.priority().wireName());
                    generator.writeStringField("lang", message.lang());
                }
            }
            generator.writeEndObject();
            generator.writeEndObject();
        });
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new ProtocolException(
                    Reason.TOO_LARGE, "entry is " + bytes.length + " bytes; the limit is " + MAX_ENTRY_BYTES);
        }
        return bytes;
    }

    public static Entry decode(byte[] bytes) throws ProtocolException {
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new ProtocolException(
                    Reason.TOO_LARGE, "entry is " + bytes.length + " bytes; the limit is " + MAX_ENTRY_BYTES);
        }
        ObjectNode node = StrictJson.readObject(bytes, WHAT);
        long version = StrictJson.positiveLong(node, "v", WHAT);
        if (version != Entry.VERSION) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "entry version " + version + " is not supported; this station speaks " + Entry.VERSION);
        }
        StrictJson.onlyFields(node, FIELDS, WHAT);
        LineId line = StrictJson.lineId(node, "line", WHAT);
        StationId author = StrictJson.stationId(node, "author", WHAT);
        long seq = StrictJson.positiveLong(node, "seq", WHAT);
        if (seq == 0) {
            throw new ProtocolException(Reason.MALFORMED, "entry seq starts at 1");
        }
        Optional<Hash> prev;
        if (StrictJson.required(node, "prev", WHAT).isNull()) {
            prev = Optional.empty();
        } else {
            prev = Optional.of(StrictJson.hash(node, "prev", WHAT));
        }
        if ((seq == 1) != prev.isEmpty()) {
            throw new ProtocolException(Reason.BAD_PREV, seq == 1 ? "entry #1 must have prev null" : "entry #" + seq + " lacks prev");
        }
        Head seen = StrictJson.head(node, "seen", WHAT);
        Instant at = StrictJson.instant(node, "at", WHAT);
        String type = StrictJson.text(node, "type", WHAT);
        ObjectNode body = StrictJson.object(node, "body", WHAT);
        return new Entry(Entry.VERSION, line, author, seq, prev, seen, at, decodeBody(type, body));
    }

    private static Body decodeBody(String type, ObjectNode body) throws ProtocolException {
        return switch (type) {
            case Message.TYPE -> {
                String what = "message body";
                StrictJson.onlyFields(body, MESSAGE_FIELDS, what);
                try {
                    yield new Message(
                            StrictJson.text(body, "text", what),
                            Priority.parse(StrictJson.text(body, "priority", what)),
                            StrictJson.text(body, "lang", what));
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(Reason.MALFORMED, what + ": " + e.getMessage());
                }
            }
            default -> throw new ProtocolException(Reason.UNKNOWN_TYPE, "entry type '" + StrictJson.clip(type) + "' is not known to this station");
        };
    }
}
