package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.hotline.web.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lines", mixinStandardHelpOptions = true,
        description = "Each line: declared state, link up/down, last contact, queued entries, last agreed checkpoint.")
final class LinesCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode lines = station.client().get("api/v1/lines").path("lines");
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(lines));
            return 0;
        }
        if (lines.isEmpty()) {
            System.out.println("No lines yet. Open one with: hotline line invite NAME");
            return 0;
        }
        Instant now = Instant.now();
        System.out.printf("%-16s %-8s %-6s %-14s %7s %7s %7s  %-24s %s%n",
                "LINE", "STATE", "LINK", "LAST CONTACT", "OURS", "THEIRS", "QUEUED", "CHECKPOINT", "PEER");
        for (JsonNode line : lines) {
            System.out.printf("%-16s %-8s %-6s %-14s %7d %7d %7d  %-24s %s%n",
                    line.path("name").asText(),
                    line.path("state").asText(),
                    line.path("linkUp").asBoolean() ? "up" : "DOWN",
                    Formats.ago(line.path("lastContact"), now),
                    line.path("ownEntries").asLong(),
                    line.path("peerEntries").asLong(),
                    line.path("queued").asLong(),
                    line.path("checkpointDigest").asText("-"),
                    line.path("peerName").asText() + " " + line.path("peerId").asText().substring(0, 9));
            if (line.has("flag")) {
                System.out.println("  WARNING: " + line.path("flag").asText());
            }
            if (!line.path("linkUp").asBoolean() && line.has("linkError")) {
                System.out.println("  link: " + line.path("linkError").asText());
            }
        }
        return 0;
    }
}
