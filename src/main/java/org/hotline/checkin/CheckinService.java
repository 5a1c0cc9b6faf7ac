package org.hotline.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.protocol.Answer;
import org.hotline.protocol.Body;
import org.hotline.protocol.Call;
import org.hotline.protocol.Entry;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Missed;
import org.hotline.protocol.ScheduleAccept;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.protocol.StationId;
import org.hotline.store.LineRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.text.Printable;
import org.hotline.transcript.TranscriptWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check-in calls. Places our scheduled calls, answers the other side's link tests itself, rings
 * for its watch tests until an operator picks up, and writes a missed entry when our call goes
 * unanswered for its window. Everything it knows is folded from the transcript, so a restart
 * rebuilds it. Time comes only from the injected clock: {@link #tick()} does whatever is due.
 */
public final class CheckinService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckinService.class);
    private static final Set<String> TYPES = Set.of(Call.TYPE, Answer.TYPE, Missed.TYPE, ScheduleProposal.TYPE, ScheduleAccept.TYPE);

    /** What happens on a line that the rest of the station may want to hear of (alerts, the console). */
    public interface Listener {
        void missed(LineRecord line, long callSeq, Instant scheduled);

        void ringing(LineRecord line, RingingCall call);

        void answered(LineRecord line, long callSeq, String by, Duration latency);
    }

    private final StationId self;
    private final Store store;
    private final TranscriptWriter writer;
    private final Clock clock;
    private final Listener listener;
    private final Map<LineId, Calls> lines = new HashMap<>();
    private final ExecutorService actions = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("checkin").daemon(true).factory());
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("checkin-tick").daemon(true).factory());

    /** One line's calls, as folded from its transcript. */
    private static final class Calls {
        final LineRecord line;
        final Map<String, ScheduleProposal> proposals = new HashMap<>();
        Optional<Schedule> schedule = Optional.empty();
        /** Which agreed proposal the schedule comes from, to rank proposals that crossed. */
        Agreed agreed;
        Instant lastPlaced = Instant.EPOCH;
        final TreeMap<Long, OurCall> outstanding = new TreeMap<>();
        /** Our calls whose window closed and whose missed entry is being written. */
        final java.util.Set<Long> missing = new java.util.HashSet<>();
        final TreeMap<Long, RingingCall> ringing = new TreeMap<>();
        /** The other side's link tests we have not answered yet, with when their window closes. */
        final TreeMap<Long, Instant> unansweredLinkTests = new TreeMap<>();
        /** Seqs of the other side's schedule proposals we have agreed to. */
        final java.util.Set<Long> agreedByUs = new java.util.HashSet<>();
        long latestPeerProposal;
        Optional<Instant> lastAnswered = Optional.empty();
        Optional<Duration> lastLatency = Optional.empty();
        long missedStreak;

        Calls(LineRecord line) {
            this.line = line;
        }
    }

    private record Agreed(Instant from, StationId proposer, long seq) {}

    /**
     * When both sides proposed at once, each agreed to the other's: both stations must then follow
     * the same one, whatever order they stored the agreements in. The later proposal wins; a tie
     * goes to the proposer whose id sorts first, then to the higher seq.
     */
    private static boolean outranks(ScheduleProposal proposal, StationId proposer, long seq, Calls calls) {
        Agreed current = calls.agreed;
        if (current == null) {
            return true;
        }
        int byTime = proposal.from().compareTo(current.from());
        if (byTime != 0) {
            return byTime > 0;
        }
        int byProposer = current.proposer().compareTo(proposer);
        if (byProposer != 0) {
            return byProposer > 0;
        }
        return seq > current.seq();
    }

    /** Names a calling station for people: "us", or the other side's name. */
    private java.util.function.Function<StationId, String> who(Calls calls) {
        return station -> station.equals(self) ? "us" : calls.line.peerName();
    }

    private record OurCall(long seq, Instant scheduled, Instant placedAt, Duration window) {}

    public CheckinService(StationId self, Store store, TranscriptWriter writer, Clock clock, Listener listener) {
        this.self = self;
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.listener = listener;
        for (LineRecord line : store.lines()) {
            load(line);
        }
        writer.onCommit(entries -> actions.execute(() -> committed(entries)));
        actions.execute(this::redoOwedActions);
    }

    /** Ticks once a second; tests and simulations may also call {@link #tick()} themselves after moving the clock. */
    public CheckinService start() {
        ticker.scheduleWithFixedDelay(this::tickQuietly, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    public synchronized void addLine(LineRecord line) {
        lines.putIfAbsent(line.id(), new Calls(line));
    }

    private synchronized void load(LineRecord line) {
        Calls calls = new Calls(line);
        lines.put(line.id(), calls);
        for (StoredEntry stored : store.entriesOfTypes(line.id(), TYPES)) {
            fold(calls, stored, false);
        }
        // A missed entry written during a cut waits as a draft: it is written, whatever the chain says.
        for (org.hotline.store.Draft draft : store.drafts(line.id(), Integer.MAX_VALUE)) {
            if (draft.body() instanceof Missed missed) {
                calls.missing.add(missed.call());
            }
        }
    }

    // --- Folding the transcript -------------------------------------------------------------------

    private void committed(List<StoredEntry> entries) {
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            for (StoredEntry stored : entries) {
                Calls calls = lines.get(stored.signed().entry().line());
                if (calls == null) {
                    LineRecord line = store.line(stored.signed().entry().line()).orElse(null);
                    if (line == null) {
                        continue;
                    }
                    calls = new Calls(line);
                    lines.put(line.id(), calls);
                }
                if (TYPES.contains(stored.signed().entry().body().type())) {
                    effects.addAll(fold(calls, stored, true));
                }
            }
        }
        effects.forEach(Runnable::run);
    }

    /** Applies one entry; returns what to do about it (only when live, never while loading). */
    private List<Runnable> fold(Calls calls, StoredEntry stored, boolean live) {
        Entry entry = stored.signed().entry();
        boolean ours = entry.author().equals(self);
        List<Runnable> effects = new ArrayList<>();
        switch (entry.body()) {
            case ScheduleProposal proposal -> {
                calls.proposals.put(key(entry.author(), entry.seq()), proposal);
                if (!ours) {
                    calls.latestPeerProposal = Math.max(calls.latestPeerProposal, entry.seq());
                }
                if (!ours && live) {
                    // The other side proposes; this station agrees if the schedule is valid.
                    effects.add(() -> acceptSchedule(calls.line, entry.seq(), proposal));
                }
            }
            case ScheduleAccept accept -> {
                if (ours) {
                    calls.agreedByUs.add(accept.proposal());
                }
                StationId proposer = ours ? calls.line.peerId() : self;
                ScheduleProposal proposal = calls.proposals.get(key(proposer, accept.proposal()));
                if (proposal != null && outranks(proposal, proposer, accept.proposal(), calls)) {
                    try {
                        calls.schedule = Optional.of(Schedules.of(proposal));
                        calls.agreed = new Agreed(proposal.from(), proposer, accept.proposal());
                        calls.lastPlaced = later(calls.lastPlaced, proposal.from());
                        LOG.info("line {}: check-in schedule agreed: {}", calls.line.name(), Printable.line(calls.schedule.get().describe(who(calls))));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("line {}: agreed schedule is not valid here: {}", calls.line.name(), Printable.line(e.getMessage()));
                    }
                }
            }
            case Call call -> {
                if (ours) {
                    calls.lastPlaced = later(calls.lastPlaced, call.scheduled());
                    calls.outstanding.put(entry.seq(), new OurCall(entry.seq(), call.scheduled(), entry.at(), call.window()));
                } else {
                    Instant rang = stored.storedAt();
                    // The window runs from when the caller placed the call: a call that reaches us
                    // after it closed (held up by a cut) was missed, and answering it now would lie.
                    // Saturating: an entry stored before dates were checked may lie at the end of time.
                    Instant closes = entry.at().isAfter(org.hotline.time.TimeText.LATEST) ? Instant.MAX : entry.at().plus(call.window());
                    if (!rang.isBefore(closes)) {
                        break;
                    }
                    RingingCall ringing = new RingingCall(calls.line.name(), entry.seq(), rang, closes);
                    switch (call.kind()) {
                        case LINK_TEST -> {
                            calls.unansweredLinkTests.put(entry.seq(), closes);
                            if (live && clock.instant().isBefore(closes)) {
                                effects.add(() -> answer(calls.line, entry.seq(), Answer.BY_STATION, Duration.between(rang, clock.instant())));
                            }
                        }
                        case WATCH_TEST -> {
                            calls.ringing.put(entry.seq(), ringing);
                            if (live) {
                                effects.add(() -> listener.ringing(calls.line, ringing));
                            }
                        }
                    }
                }
            }
            case Answer answer -> {
                if (ours) {
                    calls.ringing.remove(answer.call());
                    calls.unansweredLinkTests.remove(answer.call());
                } else {
                    if (calls.missing.contains(answer.call())) {
                        // Answered as the window closed: our missed entry is already on its way and stands.
                        break;
                    }
                    OurCall call = calls.outstanding.remove(answer.call());
                    if (call == null) {
                        // An answer to a call we already recorded as missed changes nothing.
                        break;
                    }
                    calls.lastAnswered = Optional.of(call.scheduled());
                    calls.lastLatency = Optional.of(Duration.ofMillis(answer.latencyMillis()));
                    calls.missedStreak = 0;
                    if (live) {
                        effects.add(() -> listener.answered(calls.line, answer.call(), answer.by(), Duration.ofMillis(answer.latencyMillis())));
                    }
                }
            }
            case Missed missed -> {
                if (ours) {
                    OurCall call = calls.outstanding.remove(missed.call());
                    calls.missing.remove(missed.call());
                    calls.missedStreak++;
                    if (live) {
                        Instant scheduled = call == null ? entry.at() : call.scheduled();
                        effects.add(() -> listener.missed(calls.line, missed.call(), scheduled));
                    }
                } else {
                    calls.ringing.remove(missed.call());
                }
            }
            default -> {
                // not a check-in entry
            }
        }
        return effects;
    }

    /**
     * What this station owes the other side but may have lost to a crash between a commit and the
     * action it called for: answers to its link tests still within their window, and agreement to
     * its latest schedule proposal.
     */
    private void redoOwedActions() {
        List<Runnable> effects = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (this) {
            for (Calls calls : lines.values()) {
                for (var test : calls.unansweredLinkTests.entrySet()) {
                    long seq = test.getKey();
                    if (now.isBefore(test.getValue())) {
                        effects.add(() -> answer(calls.line, seq, Answer.BY_STATION, Duration.ZERO));
                    }
                }
                long proposal = calls.latestPeerProposal;
                if (proposal > 0 && !calls.agreedByUs.contains(proposal)) {
                    ScheduleProposal owed = calls.proposals.get(key(calls.line.peerId(), proposal));
                    effects.add(() -> acceptSchedule(calls.line, proposal, owed));
                }
            }
        }
        effects.forEach(Runnable::run);
    }

    // --- Doing what is due -----------------------------------------------------------------------

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("check-in tick failed", e);
        }
    }

    /** Places due calls, writes missed entries for calls whose window closed, stops ringing expired calls. */
    public void tick() {
        // Entries committed so far must be folded first, or a call placed a moment ago would not
        // yet be known as outstanding when its window closes.
        settle();
        Instant now = clock.instant();
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            for (Calls calls : lines.values()) {
                due(calls, now, effects);
            }
        }
        effects.forEach(Runnable::run);
    }

    private void due(Calls calls, Instant now, List<Runnable> effects) {
        for (OurCall call : calls.outstanding.values()) {
            if (!now.isBefore(call.placedAt().plus(call.window())) && calls.missing.add(call.seq())) {
                effects.add(() -> {
                    if (!write(calls.line, new Missed(call.seq()))) {
                        synchronized (this) {
                            calls.missing.remove(call.seq()); // try again at the next tick
                        }
                    }
                });
            }
        }
        calls.ringing.values().removeIf(ringing -> !now.isBefore(ringing.closesAt()));
        if (calls.schedule.isEmpty() || !writer.chains(calls.line.id()).declared().isOpen()) {
            return;
        }
        Schedule schedule = calls.schedule.get();
        Optional<Instant> next = schedule.nextAfter(calls.lastPlaced);
        int skipped = 0;
        while (next.isPresent() && !next.get().isAfter(now)) {
            Instant occurrence = next.get();
            calls.lastPlaced = occurrence;
            if (schedule.callerOf(occurrence, self, calls.line.peerId()).equals(self)) {
                if (now.isBefore(occurrence.plus(schedule.answerWindow()))) {
                    Call call = new Call(schedule.kind(), occurrence, schedule.answerWindow());
                    effects.add(() -> write(calls.line, call));
                } else {
                    skipped++;
                }
            }
            next = schedule.nextAfter(occurrence);
        }
        if (skipped > 0) {
            LOG.warn("line {}: {} scheduled calls were due while this station was not running; they were not placed",
                    calls.line.name(), skipped);
        }
    }

    private boolean write(LineRecord line, Body body) {
        try {
            writer.submit(line.id(), body).get();
            return true;
        } catch (ExecutionException e) {
            LOG.error("line {}: could not write {}: {}", line.name(), body.type(), e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void acceptSchedule(LineRecord line, long seq, ScheduleProposal proposal) {
        try {
            Schedules.of(proposal);
        } catch (IllegalArgumentException e) {
            LOG.warn("line {}: the other side proposed a schedule this station cannot follow: {}", line.name(), Printable.line(e.getMessage()));
            return;
        }
        write(line, new ScheduleAccept(seq));
    }

    private void answer(LineRecord line, long seq, String by, Duration latency) {
        write(line, new Answer(seq, by, Math.max(0, latency.toMillis())));
    }

    // --- Operators ---------------------------------------------------------------------------------

    /** An operator picks up the oldest call ringing on the line; too late once its window has closed. */
    public void answerRinging(LineRecord line, String operator) {
        Instant now = clock.instant();
        RingingCall call;
        synchronized (this) {
            Calls calls = lines.get(line.id());
            if (calls == null || calls.ringing.isEmpty()) {
                throw new HotlineException(ErrorCode.CONFLICT, "no call is ringing on line " + line.name());
            }
            call = calls.ringing.firstEntry().getValue();
            if (!now.isBefore(call.closesAt())) {
                calls.ringing.remove(call.seq());
                throw new HotlineException(ErrorCode.CONFLICT, "too late: call #" + call.seq() + " rang at " + call.rangAt()
                        + " and its answer window closed at " + call.closesAt());
            }
            calls.ringing.remove(call.seq());
        }
        answer(line, call.seq(), operator, Duration.between(call.rangAt(), now));
    }

    /** Proposes a schedule to the other side; it applies once the other station agrees. */
    public void propose(LineRecord line, ScheduleProposal proposal) {
        try {
            Schedules.of(proposal);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (!proposal.caller().equals(ScheduleProposal.ALTERNATE)
                && !proposal.caller().equals(self.value()) && !proposal.caller().equals(line.peerId().value())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the caller must be one of the line's two stations, or alternate");
        }
        write(line, proposal);
    }

    public synchronized List<RingingCall> ringing() {
        List<RingingCall> all = new ArrayList<>();
        Instant now = clock.instant();
        for (Calls calls : lines.values()) {
            for (RingingCall call : calls.ringing.values()) {
                if (now.isBefore(call.closesAt())) {
                    all.add(call);
                }
            }
        }
        return all;
    }

    public synchronized LineHealth health(LineId line) {
        Calls calls = lines.get(line);
        if (calls == null) {
            return LineHealth.NONE;
        }
        Optional<Instant> next = calls.schedule.flatMap(schedule -> schedule.nextAfter(later(calls.lastPlaced, clock.instant())));
        boolean weCall = next.isPresent() && calls.schedule.get().callerOf(next.get(), self, calls.line.peerId()).equals(self);
        return new LineHealth(calls.schedule.map(schedule -> schedule.describe(who(calls))), next, weCall, calls.lastAnswered, calls.lastLatency,
                calls.missedStreak, calls.ringing.size());
    }

    /** For timelines shown in the schedule's own zone. */
    public synchronized Optional<ZoneId> zone(LineId line) {
        Calls calls = lines.get(line);
        return calls == null ? Optional.empty() : calls.schedule.map(Schedule::zone);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String key(StationId author, long seq) {
        return author.value() + "#" + seq;
    }

    /** Waits until every check-in action queued so far has run; for tests and simulations. */
    public void settle() {
        try {
            actions.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        actions.shutdownNow();
    }
}
