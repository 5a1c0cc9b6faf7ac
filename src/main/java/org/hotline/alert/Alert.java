package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.hotline.protocol.LineId;
import org.hotline.text.Printable;

/**
 * One alert. {@code id} is unique, so that a webhook receiver seeing a retried delivery, or a
 * console seeing the same alert on the event stream and in a mail, can tell it is the same one.
 *
 * @param title one line, used as the mail subject; shown through {@link Printable#line}, so that a
 *     strange name can neither break a log line nor inject a mail header
 * @param detail a sentence or two saying what happened and what to look at; it quotes what the peer
 *     chose (its name, a flash message, a cut reason), so it is neutralised the same way for every
 *     channel: log, mail, webhook and event stream
 * @param at when it happened, by the station's clock
 */
public record Alert(String id, AlertKind kind, String lineName, LineId lineId, String title, String detail, Instant at) {

    public Alert {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(lineName, "lineName is null");
        requireNonNull(lineId, "lineId is null");
        requireNonNull(title, "title is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(at, "at is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("alert id is blank");
        }
        lineName = Printable.line(lineName);
        title = Printable.line(title);
        detail = Printable.line(detail);
    }

    /** A new alert with a fresh random id and the kind's standard title. */
    public static Alert of(AlertKind kind, String lineName, LineId lineId, String detail, Instant at) {
        return new Alert(UUID.randomUUID().toString(), kind, lineName, lineId, kind.title(lineName), detail, at);
    }

    /** The JSON sent to webhooks and on the event stream; the field names are part of the API. */
    public String toJson() {
        return AlertJson.write(new Wire(id, kind.wireName(), kind.severity().wireName(), lineName, lineId.value(), title,
                detail, at));
    }

    /** {@link #toJson()} as the exact UTF-8 bytes that are signed and sent. */
    public byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** The wire form, kept apart from the record so that renaming a Java field cannot change the API. */
    record Wire(String id, String kind, String severity, String line, String lineId, String title, String detail, Instant at) {}
}
