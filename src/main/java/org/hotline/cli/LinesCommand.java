package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.hotline.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "lines", mixinStandardHelpOptions = true,
        description = "Each line: declared state, link up/down, last contact, queued entries, last agreed checkpoint.")
final class LinesCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        JsonNode lines = station.client().get("api/v1/lines").path("lines");
        if (output.printed(lines)) {
            return 0;
        }
        if (lines.isEmpty()) {
            System.out.println("No lines yet. Open one with: hotline line invite NAME");
            return 0;
        }
        Instant now = Instant.now();
        Table table = new Table("LINE", "STATE", "LINK", "CONTACT", ">OURS", ">THEIRS", ">QUEUED", ">MISSED", "CHECKPOINT", "PEER");
        for (JsonNode line : lines) {
            String state = Formats.show(line.path("state")) + (line.path("silent").asBoolean() ? " (silent)" : "");
            table.row(
                    Formats.show(line.path("name")),
                    state,
                    line.path("linkUp").asBoolean() ? "up" : "DOWN",
                    Formats.ago(line.path("lastContact"), now),
                    line.path("ownEntries").asLong(),
                    line.path("peerEntries").asLong(),
                    line.path("queued").asLong(),
                    line.path("missedStreak").asLong(),
                    Printable.line(line.path("checkpointDigest").asText("-")),
                    Printable.line(line.path("peerId").asText().substring(0, 9)) + " \"" + Formats.show(line.path("peerName")) + "\"");
        }
        List<String> rendered = table.lines();
        System.out.println(rendered.getFirst());
        int row = 1;
        for (JsonNode line : lines) {
            System.out.println(rendered.get(row++));
            if (line.has("suspendedBy")) {
                System.out.println("  suspended by " + Formats.show(line.path("suspendedBy")) + " since " + Formats.time(line.path("suspendedSince"))
                        + (line.has("suspendReason") ? ": " + Formats.show(line.path("suspendReason")) : ""));
            }
            if (line.has("restoreProposedBy")) {
                System.out.println("  restore proposed by " + Formats.show(line.path("restoreProposedBy")));
            }
            if (line.has("schedule")) {
                System.out.println("  calls: " + Formats.show(line.path("schedule")));
                System.out.println("  next call " + Formats.time(line.path("nextCall")) + (line.path("weCallNext").asBoolean() ? " (we call)" : " (they call)")
                        + ", last answered " + Formats.time(line.path("lastAnsweredCall"))
                        + (line.has("lastAnswerLatencyMillis") ? " after " + line.path("lastAnswerLatencyMillis").asLong() + " ms" : ""));
            }
            if (line.path("ringing").asLong() > 0) {
                System.out.println("  RINGING: the other side is calling. Answer with: hotline answer " + Formats.show(line.path("name")));
            }
            if (line.has("flag")) {
                System.out.println("  WARNING: " + Formats.show(line.path("flag")));
            }
            if (!line.path("linkUp").asBoolean() && line.has("linkError")) {
                System.out.println("  link: " + Formats.show(line.path("linkError")));
            }
        }
        return 0;
    }
}
