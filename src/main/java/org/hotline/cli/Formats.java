package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.hotline.time.TimeText;
import org.hotline.text.Printable;

/**
 * How the CLI shows times and entries: local time with the zone named, newest last. Every string
 * that came from the station (much of it chosen by the peer) goes through {@link Printable}; a
 * message's text keeps its newlines, but each of its lines is indented under the entry's header so
 * that no text can pass for a header of its own.
 */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private Formats() {}

    static String time(JsonNode instant) {
        if (instant == null || instant.isMissingNode() || instant.isNull()) {
            return "-";
        }
        return shown(instant.asText(), TIME);
    }

    static String ago(JsonNode instant, Instant now) {
        if (instant == null || instant.isMissingNode() || instant.isNull()) {
            return "never";
        }
        Optional<Instant> then = TimeText.parse(instant.asText());
        if (then.isEmpty() || !TimeText.inCalendar(then.get())) {
            return shown(instant.asText(), TIME);
        }
        Duration age = Duration.between(then.get(), now);
        if (age.toSeconds() < 60) {
            return Math.max(0, age.toSeconds()) + "s ago";
        }
        if (age.toMinutes() < 120) {
            return age.toMinutes() + "m ago";
        }
        if (age.toHours() < 48) {
            return age.toHours() + "h ago";
        }
        return age.toDays() + "d ago";
    }

    /** What a cut line holds back: drafts written here meanwhile, not yet signed nor in the transcript. */
    static java.util.List<String> waiting(JsonNode page) {
        long count = page.path("waitingCount").asLong();
        java.util.List<String> out = new java.util.ArrayList<>();
        if (count == 0) {
            return out;
        }
        out.add("Waiting for the line to be restored (" + count(count, "draft", "drafts")
                + ", signed and sent in this order at the restore):");
        for (JsonNode draft : page.path("waiting")) {
            StringBuilder line = new StringBuilder("  draft " + draft.path("draft").asLong() + "  written " + time(draft.path("writtenAt")) + "  "
                    + (draft.has("priority") ? (draft.path("priority").asText().equals("routine") ? "" : draft.path("priority").asText()
                            .toUpperCase(java.util.Locale.ROOT) + " ") + "(" + draft.path("lang").asText() + ")" : draft.path("type").asText()));
            for (String text : draft.path("text").asText().split("\n", -1)) {
                line.append("\n      ").append(text);
            }
            out.add(line.toString());
        }
        if (count > page.path("waiting").size()) {
            out.add("  ... and " + (count - page.path("waiting").size()) + " more");
        }
        return out;
    }

    /** One transcript entry on one line (or more, for multi-line text). */
    static String entry(JsonNode entry) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-5s %s  %s #%d", "[" + entry.path("position").asLong() + "]", time(entry.path("at")),
                show(entry.path("author")), entry.path("seq").asLong()));
        if (entry.has("priority")) {
            String priority = entry.path("priority").asText();
            out.append("  ").append(priority.equals("routine") ? "" : Printable.line(priority.toUpperCase(java.util.Locale.ROOT)) + " ")
                    .append("(").append(show(entry.path("lang"))).append(")");
        } else {
            out.append("  ").append(show(entry.path("type")));
        }
        String delivery = entry.path("delivery").asText();
        switch (delivery) {
            case "delivered" -> out.append("  delivered, receipt signed ").append(time(entry.path("receiptAt")));
            case "queued" -> out.append("  QUEUED, waiting for the peer");
            default -> out.append("  received");
        }
        if (entry.has("text")) {
            for (String line : Printable.text(entry.path("text").asText()).split("\n", -1)) {
                out.append("\n      ").append(line);
            }
        }
        return out.toString();
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    /** One timeline row: "2020-06-09 09:00 KST → 2021-07-26 17:00 KST  South: 590 calls missed". */
    static String historyItem(JsonNode item) {
        String from = shown(item.path("at").asText(), DAY);
        String until = item.hasNonNull("until") ? " → " + shown(item.path("until").asText(), DAY) : "";
        return String.format("  %-46s %s", from + until, show(item.path("text")));
    }

    /** JSON for the terminal (--json): exact when decoded, with bidi and format characters escaped. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hotline.web.Json.MAPPER.copy();

    static {
        JSON.getFactory().setCharacterEscapes(new org.hotline.text.PrintableJsonEscapes());
    }

    /** A string from the station, for one line of output. */
    static String show(JsonNode value) {
        return Printable.line(value.asText());
    }

    /** An instant from the API in this machine's zone; what does not parse is shown as it came, marked. */
    static String shown(String text, DateTimeFormatter pattern) {
        return TimeText.parse(text).map(instant -> TimeText.format(instant, ZoneId.systemDefault(), pattern))
                .orElse("? (not a time)");
    }

    static String checkpoint(JsonNode page) {
        JsonNode checkpoint = page.path("checkpoint");
        if (checkpoint.isMissingNode() || checkpoint.isNull()) {
            return "No agreed checkpoint yet.";
        }
        return "Last agreed checkpoint: " + show(checkpoint.path("digest")) + "  (our #" + checkpoint.path("ownSeq").asLong()
                + ", their #" + checkpoint.path("peerSeq").asLong() + ") - compare this digest with the other side.";
    }

    /** "1 receipt", "2 receipts": a count with its noun. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
