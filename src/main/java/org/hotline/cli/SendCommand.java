package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send a message on a line. Without TEXT, the text is read from standard input.")
final class SendCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Parameters(index = "0", paramLabel = "LINE", description = "The line's name.")
    String line;

    @Parameters(index = "1..*", paramLabel = "TEXT", arity = "0..*", description = "The message (words are joined by spaces).")
    List<String> words;

    @Option(names = "--priority", defaultValue = "routine", description = "routine, urgent or flash. Default: ${DEFAULT-VALUE}.")
    String priority;

    @Option(names = "--lang", defaultValue = "en", description = "Language tag of the text, e.g. en or ko. Default: ${DEFAULT-VALUE}.")
    String lang;

    @Override
    public Integer call() throws CliException {
        String text;
        if (words == null || words.isEmpty()) {
            try {
                text = new String(System.in.readNBytes(1024 * 1024), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("cannot read standard input: " + e.getMessage());
            }
        } else {
            text = String.join(" ", words);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("priority", priority);
        body.put("lang", lang);
        JsonNode sent = station.client().post("api/v1/lines/" + PathSegments.encode(line) + "/messages", body);
        if (sent.path("delivery").asText().equals("waiting")) {
            // Nothing is signed or sent while the line is cut: say so, not "sent".
            System.out.println("Line " + Formats.show(sent.path("line")) + " is cut: your message waits here, written "
                    + Formats.time(sent.path("at")) + ". It is signed and sent, in order, when the line is restored;"
                    + " `hotline read " + line + "` lists what waits.");
            return 0;
        }
        System.out.println("Sent on " + Formats.show(sent.path("line")) + " as #" + sent.path("seq").asLong()
                + " (stored; queued for delivery; `hotline read " + line + "` shows the receipt)");
        return 0;
    }
}
