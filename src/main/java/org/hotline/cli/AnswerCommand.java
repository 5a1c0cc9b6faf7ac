package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "answer", mixinStandardHelpOptions = true,
        description = "Pick up the other side's watch-test call ringing on a line (it must be within its answer window).")
final class AnswerCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Parameters(paramLabel = "LINE", description = "The line's name.")
    String line;

    @Option(names = "--as", paramLabel = "NAME", description = "Who answers, for the transcript (default: the token's name).")
    String as;

    @Override
    public Integer call() throws CliException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (as != null) {
            body.put("by", as);
        }
        JsonNode answered = station.client().post("api/v1/lines/" + PathSegments.encode(line) + "/answer", body);
        System.out.println("Answered the call on " + Formats.show(answered.path("line")) + " as " + Formats.show(answered.path("answeredBy")) + ".");
        return 0;
    }
}
