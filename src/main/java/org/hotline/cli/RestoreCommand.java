package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Propose to restore a suspended line (either side may, also the one that cut it silently).",
            "The other side accepts with: hotline restore accept LINE"},
        subcommands = RestoreCommand.Accept.class)
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    // Optional to picocli only: a required one would also be demanded of "restore accept LINE".
    @Parameters(paramLabel = "LINE", arity = "0..1", description = "The line's name.")
    String line;

    @Option(names = "--note", description = "A word for the other side, kept in the transcript.")
    String note;

    @Override
    public Integer call() throws CliException {
        if (line == null) {
            throw new CliException("name the line: hotline restore LINE (to propose), or hotline restore accept LINE");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (note != null) {
            body.put("note", note);
        }
        JsonNode written = station.client().post("api/v1/lines/" + PathSegments.encode(line) + "/restore", body);
        System.out.println("Restore of line " + Formats.show(written.path("line")) + " proposed (#" + written.path("seq").asLong()
                + "). It opens when the other side accepts.");
        return 0;
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Accept the other side's proposal to restore a line: it opens, waiting entries drain in order, calls resume.")
    static final class Accept implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "LINE", description = "The line's name.")
        String line;

        @Override
        public Integer call() throws CliException {
            JsonNode written = station.client().post("api/v1/lines/" + PathSegments.encode(line) + "/restore/accept", Map.of());
            System.out.println("Line " + Formats.show(written.path("line")) + " is " + Formats.show(written.path("state"))
                    + ". Waiting entries are being delivered.");
            return 0;
        }
    }
}
