package org.hotline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.hotline.Station;
import org.hotline.checkin.LineHealth;
import org.hotline.checkin.Schedule;
import org.hotline.checkin.Schedules;
import org.hotline.config.StationConfig;
import org.hotline.crypto.LetterSeal;
import org.hotline.crypto.Passwords;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.letter.Letters;
import org.hotline.line.HistoryItem;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.ScheduleRequest;
import org.hotline.protocol.Hash;
import org.hotline.protocol.JointStatement;
import org.hotline.protocol.LetterRead;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.Statement;
import org.hotline.protocol.StatementDraft;
import org.hotline.store.LineRecord;
import org.hotline.store.Role;
import org.hotline.time.SimulatedClock;
import org.hotline.transcript.LineChains;
import org.hotline.transcript.Submitted;

/**
 * The inter-Korean liaison line, June 2020 to April 2022, replayed on a simulated clock. Check-in
 * calls at 09:00 and 17:00 Seoul time on weekdays, placed by the South. On 8 June 2020 the North's
 * station is down over the morning call (the afternoon one is answered); on 9 June the North
 * announces on its feed that it cuts the lines at noon, and does (on the line the cut is silent: its
 * station stops answering); the liaison office in Kaesong is demolished on 16 June; the leaders
 * write letters in April 2021, which wait for the line; restored by agreement on 27 July 2021 with a
 * joint statement co-signed by a principal of each side; cut silently again from 10 August to
 * 4 October 2021; letters again in April 2022; then the feeds, the envelopes and the timeline.
 */
final class Korea2020 {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final String LINE = "liaison";
    private static final String SOUTH = "the South";
    private static final String NORTH = "the North";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final LocalDate START = LocalDate.of(2020, 6, 1);
    private static final LocalDate END = LocalDate.of(2022, 4, 29);
    /** Days on which every call's outcome is told, not only the month's tally. */
    private static final Set<LocalDate> TOLD = Set.of(LocalDate.of(2020, 6, 8), LocalDate.of(2020, 6, 9), LocalDate.of(2021, 7, 27),
            LocalDate.of(2021, 8, 10), LocalDate.of(2021, 10, 4));
    /**
     * The scenario's principals lock their keys with a cheap Argon2 cost: the keys guard nothing and
     * are thrown away with the temporary folders. Real principals lock with {@link Passwords#STANDARD}.
     */
    private static final Passwords.Cost SCENARIO_COST = new Passwords.Cost(8 * 1024, 1, 1);

    private final SimulatedClock clock = new SimulatedClock(seoul(2020, 6, 1, 8, 0));
    private final SecureRandom random = new SecureRandom();
    // Set by the two set-up threads, read after both are joined (Future.get orders the writes first).
    private volatile Station south;
    private volatile Station north;
    private volatile StationConfig northConfig;
    private volatile PrincipalSecrets moon;
    private volatile PrincipalSecrets kim;
    /** Whether the North's station would answer a call now: it is running and has not cut the line. */
    private boolean northAnswers = true;
    private boolean cut;
    private Hash farewell;
    /** The line's id on the South's station, looked up once: the answer is polled for, and each look-up is a query. */
    private org.hotline.protocol.LineId southLine;

    private interface Step {
        void run() throws Exception;
    }

    private record Event(Instant at, Step step) {}

    private static Instant seoul(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, SEOUL).toInstant();
    }

    private List<Event> events() {
        return List.of(
                new Event(seoul(2020, 6, 8, 8, 55), this::northGoesDown),
                new Event(seoul(2020, 6, 8, 12, 0), this::northComesBack),
                new Event(seoul(2020, 6, 9, 6, 0), () -> statement(north, kim, "kim", "All communication lines with the South to be cut",
                        "From 12:00 on 9 June 2020 we will completely cut off and shut down the liaison line between the North and the South,"
                                + " maintained through the joint liaison office, and all other communication lines.",
                        "%s  %s announces through state media that it will cut all lines from noon (statement \"%s\", signed by kim, on its feed)")),
                new Event(seoul(2020, 6, 9, 12, 0), () -> cutSilently("%s  %s cuts the line at noon, as announced; on the line itself the cut is"
                        + " silent: no notice is sent, its station simply stops answering")),
                new Event(seoul(2020, 6, 10, 10, 0), () -> write("Our calls since yesterday noon go unanswered. Please confirm the line is working.")),
                new Event(seoul(2020, 6, 16, 14, 49), () -> say("%s  the inter-Korean liaison office building in Kaesong is demolished", now())),
                new Event(seoul(2020, 6, 16, 15, 0), () -> write("We are deeply concerned by today's events at Kaesong. The line must stay open.")),
                new Event(seoul(2020, 6, 16, 17, 0), () -> statement(south, moon, "moon", "On the demolition of the liaison office in Kaesong",
                        "The demolition of the joint liaison office betrays the hopes of everyone who wishes for peace on the peninsula."
                                + " Our line stays open and our calls continue.",
                        "%s  %s answers publicly (statement \"%s\", signed by moon, on its feed)")),
                new Event(seoul(2020, 8, 15, 10, 0), () -> write("On Liberation Day we renew our call to resume regular contact.")),
                new Event(seoul(2021, 4, 20, 10, 0), () -> letter(south, moon, "moon", "kim", "Three years after Panmunjom", Optional.empty(),
                        "Three years have passed since we stood together at Panmunjom. Let us restore trust, starting with our lines.")),
                new Event(seoul(2021, 4, 27, 10, 0), () -> write("Three years after the Panmunjom Declaration, our line remains ready.")),
                new Event(seoul(2021, 4, 28, 10, 0), () -> letter(north, kim, "kim", "moon", "On restoring trust", Optional.empty(),
                        "I agree that our relations must recover. Let us restore the lines between us as a first step.")),
                new Event(seoul(2021, 7, 27, 10, 0), this::firstRestore),
                new Event(seoul(2021, 8, 10, 12, 0), () -> cutSilently("%s  %s stops answering again, in protest at the South's military"
                        + " exercises; again the cut is silent on the line")),
                new Event(seoul(2021, 10, 4, 9, 0), this::secondRestore),
                new Event(seoul(2022, 4, 20, 10, 0), () -> farewell = letter(south, moon, "moon", "kim", "A farewell", Optional.empty(),
                        "As my term ends, I thank you for the trust we built, and hope the hard-won agreements live on.")),
                new Event(seoul(2022, 4, 20, 11, 0), () -> read(north, kim, "kim")),
                new Event(seoul(2022, 4, 21, 10, 0), () -> letter(north, kim, "kim", "moon", "Re: A farewell", Optional.of(farewell),
                        "I value the efforts you made for the future of the nation, and our hard-won agreements.")),
                new Event(seoul(2022, 4, 21, 11, 0), () -> read(south, moon, "moon")));
    }

    int run(boolean keep) throws Exception {
        // The scenario tells its own story: hundreds of missed calls need not each be logged, and the
        // alerts they raise are told here in plain words, not as log lines in the middle of it.
        Quiet.stationLogs(ch.qos.logback.classic.Level.ERROR);
        Quiet.alertLog();
        long wallStart = System.nanoTime();
        Path root = Files.createTempDirectory("hotline-korea-2020-");
        Path southDir = root.resolve("south");
        Path northDir = root.resolve("north");
        Map<String, String> fast = Map.of("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1");
        // The two sides are set up side by side: each is seconds of key making, migrations and Argon2.
        try (ExecutorService sides = Executors.newFixedThreadPool(2)) {
            Future<Station> southStarted = sides.submit(() -> {
                DemoStations.init(southDir, "South liaison office");
                south = Station.start(StationConfig.load(southDir, fast), clock);
                moon = principal(south, "moon");
                return south;
            });
            Future<Station> northStarted = sides.submit(() -> {
                DemoStations.init(northDir, "North liaison office");
                northConfig = StationConfig.load(northDir, fast);
                north = Station.start(northConfig, clock);
                kim = principal(north, "kim");
                return north;
            });
            south = southStarted.get();
            north = northStarted.get();
        } catch (ExecutionException e) {
            closeBoth(root, keep);
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        try {
            say("Scenario korea-2020: the inter-Korean liaison line, replayed on a simulated clock (times in Seoul).");
            say("%s  each side has a principal: moon for the South, kim for the North; their keys are announced on the line when it opens",
                    now());
            ScheduleRequest twiceDaily = new ScheduleRequest("09:00,17:00 mon-fri Asia/Seoul", null, null, "us", "link-test", 300);
            IssuedInvitation invitation = south.lines().invite(LINE, Optional.of(Duration.ofDays(7)), Optional.of(twiceDaily));
            north.lines().accept(invitation.invitation(), Optional.empty());
            await("the schedule was agreed", () -> south.checkins().health(line(south).id()).schedule().isPresent()
                    && north.checkins().health(line(north).id()).schedule().isPresent());
            say("%s  line \"liaison\" open; check-in calls agreed: %s", now(), south.lines().summary(line(south)).schedule().orElse("?"));
            southLine = line(south).id();

            replay();
            DemoStations.awaitQuietly(south, north, Duration.ofSeconds(60));
            epilogue(wallStart);
        } finally {
            closeBoth(root, keep);
        }
        return 0;
    }

    private synchronized void closeBoth(Path root, boolean keep) {
        if (north != null) {
            north.close();
        }
        if (south != null) {
            south.close();
        }
        if (!keep) {
            DemoStations.delete(root);
        }
    }

    /** Steps the clock call by call, running each event before the first call at or after it. */
    private void replay() throws Exception {
        Schedule schedule = schedule(south);
        Instant end = END.atTime(17, 30).atZone(SEOUL).toInstant();
        ArrayDeque<Event> events = new ArrayDeque<>(events());
        Optional<Instant> next = schedule.nextAfter(clock.instant());
        String month = "";
        int[] monthCalls = new int[2];
        while (next.isPresent() && next.get().isBefore(end)) {
            Instant call = next.get();
            while (!events.isEmpty() && !events.peek().at().isAfter(call)) {
                Event event = events.poll();
                clock.set(event.at());
                event.step().run();
            }
            String thisMonth = call.atZone(SEOUL).toLocalDate().toString().substring(0, 7);
            if (!thisMonth.equals(month)) {
                if (!month.isEmpty()) {
                    report(month, monthCalls);
                }
                month = thisMonth;
                monthCalls = new int[2];
            }
            clock.set(call);
            south.checkins().tick();
            south.checkins().settle();
            // Only a call the North would answer is waited for; the others are checked once.
            boolean answered = northAnswers ? awaitAnswer(call) : answered(call);
            clock.set(call.plus(Duration.ofMinutes(5)));
            south.checkins().tick();
            south.checkins().settle();
            monthCalls[answered ? 0 : 1]++;
            if (TOLD.contains(call.atZone(SEOUL).toLocalDate())) {
                say("%s  the South's call is %s", day(call), answered ? "answered" : "not answered");
            }
            next = schedule.nextAfter(call);
        }
        report(month, monthCalls);
        if (!events.isEmpty()) {
            throw new IllegalStateException("events after the last call: " + events.size());
        }
    }

    private void northGoesDown() {
        north.close();
        northAnswers = false;
        say("%s  the North's station goes down; the South's 09:00 call waits in the South's outbox", now());
    }

    private void northComesBack() throws Exception {
        north = Station.start(northConfig, clock);
        northAnswers = true;
        // The call's window ran from 09:00 to 09:05; it reaches the North now, so it is missed, not answered late.
        say("%s  the North's station is started again on the same data; the morning call reaches it after its five-minute window"
                + " closed, so it stays unanswered", now());
    }

    private void cutSilently(String story) {
        north.lines().suspend(LINE, true, "");
        northAnswers = false;
        cut = true;
        say(story, now(), NORTH);
    }

    private void write(String text) {
        south.lines().send(LINE, new Message(text, Priority.URGENT, "en"));
        say("%s  the South writes: \"%s\"  (waiting in its outbox: %d entries)", now(), text, chains(south).queued());
    }

    private void firstRestore() throws Exception {
        say("%s  after an exchange of personal letters between the leaders, the North proposes to restore the line", now());
        restore("restored by agreement of the leaders");
        LineRecord southLine = line(south);
        String title = "Inter-Korean communication lines restored";
        SignedEntry draft = south.statements().draft(southLine, title, "en", "The leaders of the South and the North, who have exchanged"
                + " personal letters several times since April, agreed to restore the severed communication lines. All lines between"
                + " the two sides are restored from 10:00 on 27 July 2021.");
        Hash textHash = ((StatementDraft) draft.entry().body()).textHash(southLine.id());
        south.statements().cosign(southLine, draft.hash(), "moon", moon.signingPublic(), sign(moon, textHash.bytes()));
        await("the draft reached the North", () -> north.statements().drafts(line(north)).stream()
                .anyMatch(view -> view.hash().equals(draft.hash().hex())));
        north.statements().cosign(line(north), draft.hash(), "kim", kim.signingPublic(), sign(kim, textHash.bytes()));
        await("the joint statement verified on both stations", () -> !south.statements().joint().isEmpty()
                && !north.statements().joint().isEmpty());
        say("%s  both sides announce it at once: joint statement \"%s\", co-signed by moon and kim, verified on both feeds", now(), title);
        clock.set(clock.instant().plus(Duration.ofMinutes(30)));
        read(north, kim, "kim");
        read(south, moon, "moon");
    }

    private void secondRestore() throws Exception {
        say("%s  the North proposes to restore the line again", now());
        restore("restored, as our leader announced");
        statement(north, kim, "kim", "Inter-Korean communication lines restored", "All communication lines between the North and the South"
                + " are restored from 09:00 on 4 October 2021.", "%s  %s says so on its feed (statement \"%s\", signed by kim)");
    }

    private void restore(String note) {
        north.lines().proposeRestore(LINE, note);
        await("the South learned of the proposal", () -> state(south).equals("restore-proposed"));
        say("%s  the South's station learns of the silent cut and of the proposal; the South accepts", now());
        south.lines().acceptRestore(LINE);
        await("the line is open on both sides", () -> state(north).equals("open") && state(south).equals("open"));
        await("both backlogs are delivered", () -> chains(south).queued() == 0 && chains(north).queued() == 0);
        northAnswers = true;
        cut = false;
        say("%s  line restored; the backlogs are delivered: the North now holds all %d of the South's entries"
                + " (its calls, their missed entries, its messages and letters); %d still waiting", now(), chains(north).peer().seq(),
                chains(south).queued());
    }

    /** A user with role principal whose keys are made, locked and registered: announced on the line when it opens. */
    private PrincipalSecrets principal(Station station, String name) {
        char[] passphrase = (name + " passphrase of the scenario").toCharArray();
        station.users().add(name, Role.PRINCIPAL, passphrase.clone());
        PrincipalSecrets secrets = PrincipalSecrets.generate(random);
        byte[] locked = secrets.lock(name, passphrase, SCENARIO_COST, random);
        station.principals().register(name, secrets.signingPublic(), secrets.sealingPublic(), locked, Optional.empty());
        return secrets;
    }

    private void statement(Station station, PrincipalSecrets secrets, String principal, String title, String text, String story) {
        Instant published = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signed = Statement.signedBytes(station.identity().id(), station.identity().name(), principal, secrets.signingPublic(), title,
                "en", published, text, List.of());
        station.statements().publish(principal, secrets.signingPublic(), title, "en", published, text, List.of(), sign(secrets, signed));
        say(story, now(), station == south ? SOUTH : NORTH, title);
    }

    private Hash letter(Station station, PrincipalSecrets writer, String from, String to, String subject, Optional<Hash> replyTo,
            String text) {
        LineRecord line = line(station);
        var recipient = station.principals().directory(line, line.peerId()).current(to).orElseThrow();
        var letter = LetterSeal.write(line.id(), new LetterSeal.Draft(from, to, clock.instant(), subject, false, replyTo, "en", text), writer,
                recipient.sealing());
        Submitted sent = station.letters().send(line, letter);
        String where;
        if (sent instanceof Submitted.Waiting) {
            where = "its own side's cut holds it: it waits, unwritten, until the line is restored";
        } else if (cut) {
            where = "written in its side's chain; it waits in the outbox for the line";
        } else {
            where = "sent on the line";
        }
        say("%s  %s writes a sealed letter to %s, \"%s\" (%s)", now(), from, to, subject, where);
        return sent instanceof Submitted.Written written ? written.entry().hash() : null;
    }

    /** The addressee opens every unread letter to them and signs its read receipt. */
    private void read(Station station, PrincipalSecrets secrets, String who) {
        LineRecord line = line(station);
        await("a letter for " + who + " arrived", () -> station.letters().list(line).stream()
                .anyMatch(envelope -> !envelope.mine() && envelope.to().equals(who) && envelope.readAt().isEmpty()));
        for (Letters.Envelope envelope : station.letters().list(line)) {
            if (envelope.mine() || !envelope.to().equals(who) || envelope.readAt().isPresent()) {
                continue;
            }
            Letters.Found found = station.letters().theirs(line, envelope.seq());
            switch (LetterSeal.open(line.id(), found.letter(), secrets)) {
                case LetterSeal.Opened opened -> {
                    station.letters().markRead(line, envelope.seq(), LetterRead.sign(found.entry().hash(), who, secrets.signing()));
                    say("%s  %s opens the letter from %s, \"%s\", written %s; the signed read receipt goes on the line", now(), who,
                            envelope.from(), opened.subject(), day(envelope.date()));
                }
                case LetterSeal.Refused refused -> throw new IllegalStateException("the letter does not open: " + refused.reason());
            }
        }
    }

    private void epilogue(long wallStart) throws ProtocolException {
        say("");
        say("Timeline of line \"liaison\" as the North's station holds it:");
        for (HistoryItem item : north.lines().history(LINE)) {
            say("  %-37s %s", day(item.at()) + item.until().map(until -> " → " + day(until)).orElse(""), item.text());
        }
        for (Station station : List.of(south, north)) {
            say("");
            say("Statements on the feed of %s:", station.identity().name());
            List<Statement> own = new ArrayList<>(station.statements().recent());
            own.sort(Comparator.comparing(Statement::published));
            for (Statement statement : own) {
                say("  %s  \"%s\", signed by %s", day(statement.published()), statement.title(), statement.principal());
            }
            for (JointStatement joint : station.statements().joint()) {
                JointStatement.Report report = joint.verify();
                say("  %s  \"%s\", joint statement co-signed by %s (verified)", day(report.cosigned()), report.text().title(),
                        String.join(" and ", report.signers()));
            }
        }
        say("");
        say("Letters on line \"liaison\", their envelopes as a reader sees them (the contents are sealed to the addressee):");
        for (Letters.Envelope envelope : north.letters().list(line(north))) {
            say("  %s  %s to %s, \"%s\"; key %s; %s", day(envelope.date()), envelope.from(), envelope.to(),
                    envelope.subject().orElse("(private subject)"), envelope.keyCheck(),
                    envelope.readAt().map(at -> "read " + day(Instant.parse(at))).orElse("unread"));
        }
        say("");
        say("Both outboxes are empty (%d and %d waiting); both stations hold the same transcript: checkpoint %s / %s.",
                chains(south).queued(), chains(north).queued(), south.lines().summary(line(south)).checkpointDigest().orElse("-"),
                north.lines().summary(line(north)).checkpointDigest().orElse("-"));
        say("Replayed %d days in %.1f s of wall time.", ChronoUnit.DAYS.between(START, END) + 1, (System.nanoTime() - wallStart) / 1e9);
    }

    private static String sign(PrincipalSecrets secrets, byte[] bytes) {
        return Base64.getEncoder().encodeToString(secrets.signing().sign(bytes));
    }

    private static LineRecord line(Station station) {
        return station.lines().resolve(LINE);
    }

    private static String state(Station station) {
        return station.lines().summary(line(station)).state();
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
                org.hotline.protocol.CallKind.LINK_TEST, Duration.ofMinutes(5), station.lines().summary(line(station)).openedAt());
        return Schedules.of(proposal);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited 60 s in vain: " + what);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private boolean awaitAnswer(Instant call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (answered(call)) {
                return true;
            }
            // Not much more often: each look at the health takes the lock the answer is recorded under.
            LockSupport.parkNanos(5_000_000);
        }
        return false;
    }

    private boolean answered(Instant call) {
        LineHealth health = south.checkins().health(southLine);
        return health.lastAnsweredCall().filter(call::equals).isPresent();
    }

    private void report(String month, int[] calls) {
        say("%s     %2d calls answered, %3d unanswered; missed in a row: %d", month, calls[0], calls[1],
                south.checkins().health(line(south).id()).missedStreak());
    }

    private String now() {
        return day(clock.instant());
    }

    private static String day(Instant instant) {
        return DAY.format(instant.atZone(SEOUL));
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}
