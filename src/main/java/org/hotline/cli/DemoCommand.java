package org.hotline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.line.EntryView;
import org.hotline.line.InvitationPreview;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Two stations in temporary folders on free ports, paired, talking in English and Korean. Ctrl-C stops them.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--exit", description = "Stop once the conversation is over instead of keeping the stations running.")
    boolean exit;

    @Option(names = "--keep", description = "Keep the temporary data folders after stopping.")
    boolean keep;

    @Option(names = "--pause-ms", defaultValue = "700", description = "Pause between messages, in ms. Default: ${DEFAULT-VALUE}.")
    long pauseMillis;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Replay a scenario instead: korea-2020 (the liaison line, June 2020 to April 2022: two cuts and two restores, statements and the leaders' letters).")
    String scenario;

    private record Line(Station from, Station to, String text, Priority priority, String lang) {}

    @Override
    public Integer call() throws Exception {
        Quiet.stationLogs();
        if (scenario != null) {
            if (!scenario.equals("korea-2020")) {
                throw new CliException("unknown scenario '" + scenario + "'; the one there is: korea-2020");
            }
            return new Korea2020().run(keep);
        }
        Path root = Files.createTempDirectory("hotline-demo-");
        Path southDir = root.resolve("south");
        Path northDir = root.resolve("north");
        DemoStations.init(southDir, "Blue House");
        DemoStations.init(northDir, "State Affairs Commission");
        Station south = Station.start(DemoStations.config(southDir), Clock.systemUTC());
        Station north = Station.start(DemoStations.config(northDir), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            north.close();
            south.close();
            if (!keep) {
                DemoStations.delete(root);
            }
            System.out.println("Stations stopped." + (keep ? " Data kept in " + root : ""));
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        say("Hotline demo: two stations on this machine, each with its own key, store and ports.");
        for (Station station : List.of(south, north)) {
            say("  %-26s id %s", station.identity().name(), station.identity().id().display());
            say("  %-26s federation https://%s (mutual TLS), API %s", "", station.identity().advertise(), station.apiUrl());
        }
        say("");
        IssuedInvitation invitation = south.lines().invite("liaison", Optional.of(Duration.ofHours(1)));
        say("[line] Blue House invites the other side to line \"liaison\" (one-time secret, expires %s)", invitation.expires());
        InvitationPreview preview = north.lines().preview(invitation.invitation());
        say("[line] State Affairs Commission connects, pinned to the id in the invitation; the inviter proves it is");
        say("       %s \"%s\"", preview.peerId(), org.hotline.text.Printable.line(preview.peerName()));
        north.lines().accept(invitation.invitation(), Optional.empty());
        say("[line] line \"liaison\" is open on both sides");
        say("");

        List<Line> script = List.of(
                new Line(south, north, "Good morning. This is the liaison office at Panmunjom, 09:00 check call.", Priority.ROUTINE, "en"),
                new Line(north, south, "안녕하십니까. 연락사무소입니다. 잘 들립니다.", Priority.ROUTINE, "ko"),
                new Line(south, north, "오늘 오후 회담 일정을 확인하고자 합니다.", Priority.ROUTINE, "ko"),
                new Line(north, south, "Confirmed. Our delegation arrives at the Peace House at 14:00.", Priority.ROUTINE, "en"),
                new Line(south, north, "Heavy rain expected on the route after 13:00. Please plan accordingly.", Priority.URGENT, "en"),
                new Line(north, south, "알겠습니다. 감사합니다.", Priority.ROUTINE, "ko"));
        for (Line line : script) {
            long started = System.nanoTime();
            var entry = line.from().lines().send("liaison", new Message(line.text(), line.priority(), line.lang()));
            say("[send] %s #%d (%s%s): %s", line.from().identity().name(), entry.entry().seq(), line.lang(),
                    line.priority() == Priority.ROUTINE ? "" : ", " + line.priority().wireName(), line.text());
            EntryView received = DemoStations.awaitEntry(line.to(), entry.hash().hex(), Duration.ofSeconds(30));
            DemoStations.awaitReceipt(line.from(), entry.entry().seq(), Duration.ofSeconds(30));
            say("[recv] %s stored it; %s holds its signed receipt (%d ms end to end)",
                    line.to().identity().name(), line.from().identity().name(), (System.nanoTime() - started) / 1_000_000);
            if (!received.text().orElse("").equals(line.text())) {
                throw new CliException("demo: the text arrived altered");
            }
            Thread.sleep(pauseMillis);
        }
        say("");
        TranscriptPage southPage = DemoStations.awaitCheckpoint(south, Duration.ofSeconds(10));
        TranscriptPage northPage = DemoStations.awaitCheckpoint(north, Duration.ofSeconds(10));
        say("[check] Blue House sees transcript digest               %s", southPage.checkpoint().map(c -> c.digest()).orElse("-"));
        say("[check] State Affairs Commission sees transcript digest %s", northPage.checkpoint().map(c -> c.digest()).orElse("-"));
        say("        Equal digests: both hold the same signed, hash-linked transcript.");
        say("");
        if (exit) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            return 0;
        }
        say("Try the CLI against these stations (in another terminal):");
        say("  ./hotline lines --data %s", southDir);
        say("  ./hotline read liaison --data %s", northDir);
        say("  ./hotline send liaison --data %s --lang ko '수신 양호합니다.'", northDir);
        say("Or the API: curl -H 'Authorization: Bearer %s' %s/api/v1/lines", StationFiles.readCliToken(southDir), south.apiUrl());
        // A principal on each side, with a password made for this run, for the browser console.
        byte[] secret = new byte[12];
        new java.security.SecureRandom().nextBytes(secret);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        south.users().add("moon", org.hotline.store.Role.PRINCIPAL, password.toCharArray());
        north.users().add("ri", org.hotline.store.Role.PRINCIPAL, password.toCharArray());
        say("Or the console in a browser: %s/console/ (user moon) and %s/console/ (user ri), password %s",
                south.apiUrl(), north.apiUrl(), password);
        say("The stations keep running. Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}
