package org.hotline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.hotline.Station;
import org.hotline.checkin.LineHealth;
import org.hotline.checkin.Schedule;
import org.hotline.checkin.Schedules;
import org.hotline.line.HistoryItem;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.ScheduleRequest;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.time.SimulatedClock;
import org.hotline.transcript.LineChains;

/**
 * The inter-Korean liaison line, June 2020 to July 2021, replayed on a simulated clock: check-in
 * calls at 09:00 and 17:00 Seoul time on weekdays, placed by the South; a silent cut by the North
 * on 9 June 2020, after which the South's calls go unanswered; messages the South writes meanwhile
 * wait in its outbox; restored by agreement on 27 July 2021; the backlog delivered and the calls
 * answered again; then the line's timeline.
 */
final class Korea2020 {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final String LINE = "liaison";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final LocalDate CUT = LocalDate.of(2020, 6, 9);
    private static final LocalDate RESTORE = LocalDate.of(2021, 7, 27);
    private static final LocalDate END = LocalDate.of(2021, 7, 30);

    private final SimulatedClock clock = new SimulatedClock(seoul(2020, 6, 1, 8, 0));

    /** What the South writes during the cut, and when. */
    private static final Map<Instant, String> SOUTH_MESSAGES = new TreeMap<>(Map.of(
            seoul(2020, 6, 9, 11, 0), "Our 09:00 call went unanswered. Please confirm the line is working.",
            seoul(2020, 6, 16, 15, 0), "We are deeply concerned by today's events at Kaesong. The line must stay open.",
            seoul(2020, 8, 15, 10, 0), "On Liberation Day we renew our call to resume regular contact.",
            seoul(2021, 4, 27, 10, 0), "Three years after the Panmunjom Declaration, our line remains ready."));

    private static Instant seoul(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, SEOUL).toInstant();
    }

    int run(boolean keep) throws Exception {
        // The scenario tells its own story; hundreds of missed calls need not each be logged.
        Quiet.stationLogs(ch.qos.logback.classic.Level.ERROR);
        long wallStart = System.nanoTime();
        Path root = Files.createTempDirectory("hotline-korea-2020-");
        Path southDir = root.resolve("south");
        Path northDir = root.resolve("north");
        DemoStations.init(southDir, "South liaison office");
        DemoStations.init(northDir, "North liaison office");
        Map<String, String> fast = Map.of("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1");
        try (Station south = Station.start(org.hotline.config.StationConfig.load(southDir, fast), clock);
                Station north = Station.start(org.hotline.config.StationConfig.load(northDir, fast), clock)) {
            say("Scenario korea-2020: the inter-Korean liaison line, replayed on a simulated clock (times in Seoul).");
            ScheduleRequest twiceDaily = new ScheduleRequest("09:00,17:00 mon-fri Asia/Seoul", null, null, "us", "link-test", 300);
            IssuedInvitation invitation = south.lines().invite(LINE, Optional.of(Duration.ofDays(7)), Optional.of(twiceDaily));
            north.lines().accept(invitation.invitation(), Optional.empty());
            awaitSchedule(south);
            awaitSchedule(north);
            say("%s  line \"liaison\" open; check-in calls agreed: %s", day(clock.instant()),
                    south.lines().summary(south.lines().resolve(LINE)).schedule().orElse("?"));

            Schedule schedule = schedule(south);
            Instant end = END.atTime(17, 30).atZone(SEOUL).toInstant();
            Optional<Instant> next = schedule.nextAfter(clock.instant());
            boolean cut = false;
            boolean restored = false;
            String month = "";
            int[] monthCalls = new int[2];
            var messages = new java.util.ArrayDeque<>(SOUTH_MESSAGES.entrySet());
            while (next.isPresent() && next.get().isBefore(end)) {
                Instant call = next.get();
                LocalDate date = call.atZone(SEOUL).toLocalDate();
                if (!cut && !date.isBefore(CUT)) {
                    clock.set(CUT.atTime(8, 0).atZone(SEOUL).toInstant());
                    north.lines().suspend(LINE, true, "");
                    cut = true;
                    say("%s  the North cuts the line silently: no notice is sent, it simply stops answering", day(clock.instant()));
                }
                while (!messages.isEmpty() && messages.peek().getKey().isBefore(call)) {
                    var message = messages.poll();
                    clock.set(message.getKey());
                    south.lines().send(LINE, new Message(message.getValue(), Priority.URGENT, "en"));
                    say("%s  the South writes: \"%s\"  (waiting in its outbox: %d entries)", day(clock.instant()), message.getValue(),
                            chains(south).queued());
                }
                if (cut && !restored && !call.isBefore(RESTORE.atTime(10, 0).atZone(SEOUL).toInstant())) {
                    restore(south, north);
                    restored = true;
                }
                String thisMonth = date.toString().substring(0, 7);
                if (!thisMonth.equals(month)) {
                    if (!month.isEmpty()) {
                        report(month, monthCalls, south);
                    }
                    month = thisMonth;
                    monthCalls = new int[2];
                }
                clock.set(call);
                south.checkins().tick();
                south.checkins().settle();
                boolean answered = !cut || restored ? awaitAnswer(south, call) : false;
                clock.set(call.plus(Duration.ofMinutes(5)));
                south.checkins().tick();
                south.checkins().settle();
                monthCalls[answered ? 0 : 1]++;
                next = schedule.nextAfter(call);
            }
            report(month, monthCalls, south);
            DemoStations.awaitQuietly(south, north, Duration.ofSeconds(60));

            say("");
            say("Timeline of line \"liaison\" as the North's station holds it:");
            for (HistoryItem item : north.lines().history(LINE)) {
                say("  %-37s %s", day(item.at()) + item.until().map(until -> " → " + day(until)).orElse(""), item.text());
            }
            LineChains southChains = chains(south);
            say("");
            say("The South's outbox is empty (%d waiting); both stations hold the same transcript: checkpoint %s / %s.",
                    southChains.queued(),
                    south.lines().summary(south.lines().resolve(LINE)).checkpointDigest().orElse("-"),
                    north.lines().summary(north.lines().resolve(LINE)).checkpointDigest().orElse("-"));
            say("Replayed %d days in %.1f s of wall time.", java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2020, 6, 1), END) + 1,
                    (System.nanoTime() - wallStart) / 1e9);
        } finally {
            if (!keep) {
                DemoStations.delete(root);
            }
        }
        return 0;
    }

    private void restore(Station south, Station north) {
        clock.set(RESTORE.atTime(10, 0).atZone(SEOUL).toInstant());
        say("%s  after an exchange of personal letters between the leaders, the North proposes to restore the line", day(clock.instant()));
        north.lines().proposeRestore(LINE, "restored by agreement of the leaders");
        awaitState(south, "restore-proposed");
        say("%s  the South's station learns of the silent cut of %s and of the proposal; the South accepts",
                day(clock.instant()), CUT);
        south.lines().acceptRestore(LINE);
        awaitState(north, "open");
        awaitState(south, "open");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (chains(south).queued() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        say("%s  line restored; the South's backlog is delivered: the North now holds all %d of the South's entries"
                + " (its calls, their missed entries, its messages); %d still waiting", day(clock.instant()), chains(north).peer().seq(),
                chains(south).queued());
    }

    private static LineChains chains(Station station) {
        return station.lines().chains(LINE);
    }

    /**
     * The agreed times, to step the simulated clock through them: the same crons and zone as the
     * schedule the stations agreed, read here only for its instants (who calls does not matter).
     */
    private static Schedule schedule(Station station) {
        ScheduleProposal proposal = new ScheduleProposal(List.of("0 0 9,17 ? * MON-FRI"), "Asia/Seoul", ScheduleProposal.ALTERNATE,
                org.hotline.protocol.CallKind.LINK_TEST, Duration.ofMinutes(5), station.lines().summary(station.lines().resolve(LINE)).openedAt());
        return Schedules.of(proposal);
    }

    private static void awaitSchedule(Station station) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (station.checkins().health(station.lines().resolve(LINE).id()).schedule().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the schedule was not agreed");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private static void awaitState(Station station, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!station.lines().summary(station.lines().resolve(LINE)).state().equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("line did not become " + state);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private static boolean awaitAnswer(Station south, Instant call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            LineHealth health = south.checkins().health(south.lines().resolve(LINE).id());
            if (health.lastAnsweredCall().filter(call::equals).isPresent()) {
                return true;
            }
            LockSupport.parkNanos(2_000_000);
        }
        return false;
    }

    private void report(String month, int[] calls, Station south) {
        say("%s     %2d calls answered, %3d unanswered; missed in a row: %d", month, calls[0], calls[1],
                south.checkins().health(south.lines().resolve(LINE).id()).missedStreak());
    }

    private static String day(Instant instant) {
        return DAY.format(instant.atZone(SEOUL));
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}
