package org.hotline.checkin;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.StationId;

/**
 * A line's check-in schedule: when calls are placed, who places them, what kind they are and how
 * long the other side has to answer.
 *
 * <p><b>Times.</b> One or more cron expressions in Quartz syntax, all read as wall-clock time in
 * {@code zone}: six or seven fields, {@code second minute hour day-of-month month day-of-week
 * [year]}, exactly one of the two day fields {@code ?}; day names MON..SUN, month names JAN..DEC, in
 * any case; years 1970 to 2099. {@code "0 0 9,17 ? * MON-FRI"} is 09:00 and 17:00 on weekdays,
 * {@code "0 0 * * * ?"} every hour. The schedule fires at the union of the expressions: a time
 * named by two of them is one call. {@link #fromText} reads a shorter form for the common cases.
 *
 * <p><b>Daylight saving.</b> Each wall-clock time an expression names becomes exactly one instant,
 * as {@link java.time.ZonedDateTime#of} resolves it:
 *
 * <ul>
 *   <li>a time the clocks skip (02:30 in Europe/Berlin on the last Sunday of March) fires once, moved
 *       forward by the length of the gap (03:30 CEST, the instant that 02:30 CET would have been);
 *       if another named time already falls on that instant, they are one call;
 *   <li>a time the clocks pass twice (02:30 on the last Sunday of October) fires once, the first
 *       time (02:30 CEST);
 *   <li>everything else stays at its wall-clock time, so the instant moves by an hour when the
 *       clocks change.
 * </ul>
 *
 * Consequently an hourly expression fires 23 times on the day the clocks go forward and 24 times,
 * not 25, on the day they go back, with two hours between the calls at 02:00 CEST and 03:00 CET.
 * A schedule meant to run on elapsed time rather than on the clock should use zone {@code UTC}.
 * Both stations must compute the same instants, so both need the same time-zone rules: a station
 * whose JDK's time-zone data is out of date would call, or expect calls, at other times.
 *
 * <p><b>Numbering.</b> The instants strictly after {@code from} are numbered 0, 1, 2, ... ({@link
 * #ordinal}); {@link CallerRule#ALTERNATE} gives the even ones to the station whose id sorts first.
 * Numbering counts; it never steps call by call. Counting costs one cron-utils question (tens of
 * microseconds) per date on which an expression matches, however many calls that date has, plus a
 * little per clock change: ten years of hourly calls, or of calls every minute, are numbered in
 * roughly 15 to 70 ms on a warm JVM, a few hundred ms cold. The last count per {@code from} is
 * remembered, so numbering the next call only counts the difference (well under a millisecond for
 * hourly calls).
 *
 * <p>Pure: no clock is read; every instant is passed in.
 */
public record Schedule(
        List<String> crons, ZoneId zone, CallerRule caller, CallKind kind, Duration answerWindow, Instant from) {
    public static final Duration DEFAULT_ANSWER_WINDOW = Duration.ofMinutes(5);
    public static final Duration MIN_ANSWER_WINDOW = Duration.ofSeconds(10);
    public static final Duration MAX_ANSWER_WINDOW = Duration.ofHours(24);
    public static final int MAX_CRONS = 32;
    public static final int MAX_CRON_LENGTH = 200;
    /** The most instants {@link #between} lists at once. */
    public static final int MAX_LISTED = 100_000;

    public Schedule {
        requireNonNull(crons, "crons is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(caller, "caller is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(answerWindow, "answerWindow is null");
        requireNonNull(from, "from is null");
        if (crons.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one cron expression");
        }
        if (crons.size() > MAX_CRONS) {
            throw new IllegalArgumentException("a schedule has at most " + MAX_CRONS + " cron expressions, got " + crons.size());
        }
        for (int i = 0; i < crons.size(); i++) {
            if (crons.get(i) == null) {
                throw new IllegalArgumentException("cron expression " + (i + 1) + " of " + crons.size() + " is null");
            }
        }
        crons = List.copyOf(crons);
        if (answerWindow.compareTo(MIN_ANSWER_WINDOW) < 0 || answerWindow.compareTo(MAX_ANSWER_WINDOW) > 0) {
            throw new IllegalArgumentException("answer window must be from " + words(MIN_ANSWER_WINDOW) + " to "
                    + words(MAX_ANSWER_WINDOW) + ", got " + answerWindow);
        }
        Timeline.of(crons, zone); // validates every expression, and compiles them for later
    }

    /** A schedule with the default answer window. */
    public static Schedule of(List<String> crons, ZoneId zone, CallerRule caller, CallKind kind, Instant from) {
        return new Schedule(crons, zone, caller, kind, DEFAULT_ANSWER_WINDOW, from);
    }

    /**
     * A schedule from the short form of check-in times, {@code TIMES [DAYS] ZONE}: e.g.
     * {@code "09:00,17:00 mon-fri Asia/Seoul"}, {@code "09:00,16:00 Asia/Seoul"}, {@code "hourly UTC"}.
     * TIMES is {@code hourly} or 24-hour {@code HH:MM} times separated by commas; DAYS is {@code
     * daily} (the default), {@code weekdays}, or days {@code mon}..{@code sun} and forward ranges
     * such as {@code mon-fri}, separated by commas.
     */
    public static Schedule fromText(String times, CallerRule caller, CallKind kind, Duration answerWindow, Instant from) {
        requireNonNull(times, "times is null");
        ScheduleText.Parsed parsed = ScheduleText.parse(times);
        return new Schedule(parsed.crons(), parsed.zone(), caller, kind, answerWindow, from);
    }

    /** A time-zone region such as {@code Asia/Seoul}, or an offset such as {@code UTC} or {@code +09:00}. */
    public static ZoneId zone(String id) {
        requireNonNull(id, "zone is null");
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            String hint = ZoneId.getAvailableZoneIds().stream()
                    .filter(known -> known.equalsIgnoreCase(id))
                    .findFirst()
                    .map(known -> " (did you mean " + known + "?)")
                    .orElse("; use a region such as Asia/Seoul or Europe/Berlin, or UTC");
            throw new IllegalArgumentException("unknown time zone '" + ScheduleText.abbreviate(id) + "'" + hint, e);
        }
    }

    /** The first check-in strictly after {@code t} (and after {@link #from}), if there is one. */
    public Optional<Instant> nextAfter(Instant t) {
        requireNonNull(t, "t is null");
        Instant after = bound(t);
        if (!after.isBefore(Timeline.LATEST)) {
            return Optional.empty();
        }
        return Optional.ofNullable(timeline().nextAfter(timeline().scan(), after));
    }

    /**
     * The check-ins in (fromExclusive, toInclusive], and after {@link #from}, in order; at most
     * {@code max} of them, the earliest.
     */
    public List<Instant> between(Instant fromExclusive, Instant toInclusive, int max) {
        requireNonNull(fromExclusive, "fromExclusive is null");
        requireNonNull(toInclusive, "toInclusive is null");
        if (toInclusive.isBefore(fromExclusive)) {
            throw new IllegalArgumentException("the range ends (" + toInclusive + ") before it starts (" + fromExclusive + ")");
        }
        if (max < 1 || max > MAX_LISTED) {
            throw new IllegalArgumentException("max must be from 1 to " + MAX_LISTED + ", got " + max);
        }
        Timeline timeline = timeline();
        LocalScan scan = timeline.scan();
        List<Instant> found = new ArrayList<>();
        Instant after = bound(fromExclusive);
        while (found.size() < max && after.isBefore(Timeline.LATEST)) {
            Instant next = timeline.nextAfter(scan, after);
            if (next == null || next.isAfter(toInclusive)) {
                break;
            }
            found.add(next);
            after = next;
        }
        return List.copyOf(found);
    }

    /** Whether the schedule fires at exactly this instant. */
    public boolean isCheckIn(Instant t) {
        requireNonNull(t, "t is null");
        if (t.getNano() != 0 || !t.isAfter(from) || !t.isAfter(Timeline.EARLIEST) || !t.isBefore(Timeline.LATEST)) {
            return false;
        }
        Instant after = t.minusSeconds(1);
        return t.equals(timeline().nextAfter(timeline().scan(), Timeline.EARLIEST.isAfter(after) ? Timeline.EARLIEST : after));
    }

    /**
     * The number of a check-in: 0 for the first one strictly after {@link #from}, 1 for the next,
     * and so on. Throws IllegalArgumentException if the schedule does not fire at {@code checkIn}.
     */
    public long ordinal(Instant checkIn) {
        requireCheckIn(checkIn);
        return timeline().countSince(bound(from), checkIn) - 1;
    }

    /**
     * Who places the call at {@code checkIn} on the line between stations {@code a} and {@code b}
     * (in either order). Throws IllegalArgumentException if the schedule does not fire then, if
     * {@code a} and {@code b} are the same station, or if the schedule names a caller that is
     * neither of them.
     */
    public StationId callerOf(Instant checkIn, StationId a, StationId b) {
        requireNonNull(a, "a is null");
        requireNonNull(b, "b is null");
        if (a.equals(b)) {
            throw new IllegalArgumentException("a line joins two different stations, got " + a.shortForm() + " twice");
        }
        return switch (caller) {
            case CallerRule.Fixed fixed -> {
                if (!fixed.station().equals(a) && !fixed.station().equals(b)) {
                    throw new IllegalArgumentException("the schedule's caller " + fixed.station().shortForm()
                            + " is neither " + a.shortForm() + " nor " + b.shortForm());
                }
                requireCheckIn(checkIn);
                yield fixed.station();
            }
            case CallerRule.Alternate alternate -> {
                StationId first = a.compareTo(b) < 0 ? a : b;
                StationId second = first == a ? b : a;
                yield ordinal(checkIn) % 2 == 0 ? first : second;
            }
        };
    }

    /** The short form of the times, e.g. {@code 09:00,17:00 mon-fri Asia/Seoul}, if they have one. */
    public Optional<String> compactTimes() {
        return ScheduleText.compact(crons, zone);
    }

    /**
     * For people, e.g. "09:00 and 17:00 Mon-Fri Asia/Seoul, link test, answer within 5 min, called
     * by us". Expressions without a simple reading are quoted as they are; {@code who} names the
     * calling station as its reader knows it (a party's name, not a 52-letter id).
     */
    public String describe(java.util.function.Function<StationId, String> who) {
        return ScheduleText.words(crons) + " " + zone.getId() + ", " + kind.words() + ", answer within "
                + words(answerWindow) + ", called by " + caller.words(who);
    }

    /** "5 min", "1 h 30 min", "45 s". */
    static String words(Duration duration) {
        long seconds = duration.truncatedTo(ChronoUnit.SECONDS).getSeconds();
        List<String> parts = new ArrayList<>();
        if (seconds / 3600 > 0) {
            parts.add(seconds / 3600 + " h");
        }
        if (seconds % 3600 / 60 > 0) {
            parts.add(seconds % 3600 / 60 + " min");
        }
        if (seconds % 60 > 0 || parts.isEmpty()) {
            parts.add(seconds % 60 + " s");
        }
        return String.join(" ", parts);
    }

    private void requireCheckIn(Instant checkIn) {
        requireNonNull(checkIn, "checkIn is null");
        if (!isCheckIn(checkIn)) {
            throw new IllegalArgumentException(checkIn + " is not a check-in time of this schedule");
        }
    }

    /** The exclusive lower bound for a search from {@code t}: not before {@code from}, whole seconds. */
    private Instant bound(Instant t) {
        Instant after = (t.isAfter(from) ? t : from).truncatedTo(ChronoUnit.SECONDS);
        return after.isBefore(Timeline.EARLIEST) ? Timeline.EARLIEST : after;
    }

    private Timeline timeline() {
        return Timeline.of(crons, zone);
    }
}
