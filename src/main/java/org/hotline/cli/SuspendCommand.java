package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "suspend", mixinStandardHelpOptions = true,
        description = {"Cut a line. Announced (default): a signed suspend entry tells the other side, then this station refuses the line's messages and calls.",
            "--silent: no notice; this station simply stops answering, and the other side sees its calls go unanswered.",
            "Either way, what either side writes meanwhile waits in its outbox until the line is restored."})
final class SuspendCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Parameters(paramLabel = "LINE", description = "The line's name.")
    String line;

    @Option(names = "--silent", description = "Cut without notice.")
    boolean silent;

    @Option(names = "--reason", description = "Why, for the transcript (sent to the other side with an announced cut).")
    String reason;

    @Override
    public Integer call() throws CliException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("silent", silent);
        if (reason != null) {
            body.put("reason", reason);
        }
        JsonNode written = station.client().post("api/v1/lines/" + PathSegments.encode(line) + "/suspend", body);
        System.out.println("Line " + Formats.show(written.path("line")) + " is " + Formats.show(written.path("state"))
                + (silent ? ". The other side has not been told." : ". The other side has been told."));
        System.out.println("Restore it with: hotline restore " + line);
        return 0;
    }
}
