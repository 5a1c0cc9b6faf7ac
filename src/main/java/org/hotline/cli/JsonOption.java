package org.hotline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/** {@code --json} for listing commands: the API's answer as it came (bidi and format characters escaped), for scripts, instead of the table. */
final class JsonOption {
    @Option(names = "--json", description = "Print the API's answer as JSON instead of text, for scripts.")
    boolean json;

    /** Prints {@code answer} and says true when --json was given; else prints nothing. */
    boolean printed(JsonNode answer) throws CliException {
        if (!json) {
            return false;
        }
        try {
            System.out.println(Formats.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print the answer as JSON: " + e.getOriginalMessage());
        }
        return true;
    }
}
