package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Print a line's transcript, newest last, with the delivery state of each entry and the last agreed checkpoint.")
final class ReadCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Parameters(paramLabel = "LINE", description = "The line's name.")
    String line;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new entries as they arrive (Ctrl-C to stop).")
    boolean follow;

    @Option(names = {"-n", "--last"}, defaultValue = "50", description = "How many of the newest entries to show first. Default: ${DEFAULT-VALUE}.")
    int last;

    @Option(names = "--json", description = "Print entries as JSON lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (last < 0) {
            throw new CliException("-n takes how many of the newest entries to show: 0 or more, not " + last);
        }
        ApiClient client = station.client();
        String path = "api/v1/lines/" + PathSegments.encode(line) + "/transcript";
        JsonNode summary = client.get("api/v1/lines/" + PathSegments.encode(line));
        long total = summary.path("ownEntries").asLong() + summary.path("peerEntries").asLong();
        long after = Math.max(0, total - last);
        JsonNode page;
        do {
            page = client.get(path + "?after=" + after + "&limit=1000");
            print(page);
            after = page.path("last").asLong();
        } while (page.path("entries").size() == 1000);
        if (!json) {
            System.out.println(Formats.checkpoint(page));
            Formats.waiting(page).forEach(System.out::println);
        }
        while (follow) {
            page = client.get(path + "?after=" + after + "&limit=1000&wait=25", Duration.ofSeconds(40));
            print(page);
            after = page.path("last").asLong();
        }
        return 0;
    }

    private void print(JsonNode page) throws Exception {
        for (JsonNode entry : page.path("entries")) {
            System.out.println(json ? Formats.JSON.writeValueAsString(entry) : Formats.entry(entry));
        }
        System.out.flush();
    }
}
