package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The line's timeline: opened, check-in calls answered or missed (runs folded), cuts, restore proposals, restores.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Parameters(paramLabel = "LINE", description = "The line's name.")
    String line;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws CliException {
        JsonNode history = station.client().get("api/v1/lines/" + PathSegments.encode(line) + "/history");
        if (output.printed(history)) {
            return 0;
        }
        System.out.println("Line " + Formats.show(history.path("line")));
        for (JsonNode item : history.path("items")) {
            System.out.println(Formats.historyItem(item));
        }
        return 0;
    }
}
