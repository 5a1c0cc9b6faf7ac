package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotline.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "line", mixinStandardHelpOptions = true, description = "Open lines: invite the other side, or accept its invitation.",
        subcommands = {LineCommand.Invite.class, LineCommand.Accept.class, LineCommand.Schedule.class})
final class LineCommand {

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Print an invitation for a new line (station id, address, one-time secret, expiry) to hand to the other side.")
    static final class Invite implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "NAME", description = "The line's name, e.g. liaison or military-west.")
        String name;

        @Option(names = "--ttl-hours", description = "Hours the invitation stays valid (default: the station's invitation.ttl-hours).")
        Integer ttlHours;

        @Mixin
        ScheduleOptions schedule;

        @Override
        public Integer call() throws CliException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("line", name);
            if (ttlHours != null) {
                body.put("ttlHours", ttlHours);
            }
            schedule.body().ifPresent(value -> body.put("schedule", value));
            JsonNode issued = station.client().post("api/v1/invitations", body);
            System.out.println("Invitation for line \"" + issued.path("lineName").asText() + "\"");
            System.out.println("  our station id  " + issued.path("stationId").asText());
            System.out.println("  address         " + issued.path("address").asText());
            System.out.println("  expires         " + issued.path("expires").asText());
            System.out.println();
            System.out.println(issued.path("invitation").asText());
            System.out.println();
            System.out.println("Hand this to the other side over a trusted channel; it works once. They run:");
            System.out.println("  hotline line accept <invitation>");
            return 0;
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = {"Propose the line's check-in schedule; it applies once the other station agrees (it does so itself).",
                "Example: hotline line schedule liaison --times \"09:00,17:00 mon-fri Asia/Seoul\" --caller us --kind link-test"})
    static final class Schedule implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "LINE", description = "The line's name.")
        String name;

        @Mixin
        ScheduleOptions schedule;

        @Override
        public Integer call() throws CliException {
            Map<String, Object> body = schedule.body()
                    .orElseThrow(() -> new CliException("give the schedule: --times \"09:00,17:00 mon-fri Asia/Seoul\", or --cron with --zone"));
            station.client().post("api/v1/lines/" + PathSegments.encode(name) + "/schedule", body);
            System.out.println("Schedule proposed on " + name + "; it applies once the other station agrees. See: hotline lines");
            return 0;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Accept an invitation: show the inviting station for you to confirm, then open the line on both sides.")
    static final class Accept implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "INVITATION", description = "The invitation text (hotline-invitation:...).")
        String invitation;

        @Option(names = "--name", description = "Our name for the line, if not the one the inviter chose.")
        String name;

        @Option(names = {"-y", "--yes"}, description = "Do not ask; accept once the peer's identity is shown.")
        boolean yes;

        @Override
        public Integer call() throws CliException {
            ApiClient client = station.client();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("invitation", invitation);
            if (name != null) {
                body.put("name", name);
            }
            JsonNode preview = client.post("api/v1/invitations/preview", body);
            // The proven id comes first; everything after it is what the peer (or the invitation) claims,
            // shown neutralised so that no name can fake or hide a line of this output.
            System.out.println("The inviting station answered, proving with its key that its station id is:");
            System.out.println("  station id  " + Printable.line(preview.path("peerId").asText()));
            System.out.println("It calls itself (its own claim, not checked):");
            System.out.println("  name        \"" + Printable.line(preview.path("peerName").asText()) + "\"");
            System.out.println("  address     " + Printable.line(preview.path("peerAddress").asText()));
            System.out.println("  line        " + Printable.line(preview.path("lineName").asText()));
            System.out.println("Compare the station id with the other side out of band (telephone, in person).");
            if (!yes && !confirm()) {
                System.out.println("Not accepted; nothing was changed.");
                return 3;
            }
            JsonNode line = client.post("api/v1/invitations/accept", body);
            System.out.println("Line \"" + Printable.line(line.path("name").asText()) + "\" is open with station "
                    + Printable.line(line.path("peerId").asText()) + " (\"" + Printable.line(line.path("peerName").asText()) + "\").");
            return 0;
        }

        private static boolean confirm() throws CliException {
            System.out.print("Open this line? [y/N] ");
            System.out.flush();
            try {
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
            } catch (IOException e) {
                throw new CliException("cannot read the answer: " + e.getMessage());
            }
        }
    }
}
