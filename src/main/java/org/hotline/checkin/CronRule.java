package org.hotline.checkin;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * One Quartz cron expression, compiled for counting and stepping through wall-clock date-times.
 *
 * <p>cron-utils parses and validates the expression and decides which dates match. It is only ever
 * asked about local date-times dressed as UTC (a zone without daylight saving), because its own
 * handling of daylight-saving changes is inconsistent (stepping forwards through Europe/Berlin in
 * 2026 it fires a repeated hourly time twice but a repeated daily 02:30 once, and drops a daily
 * 02:30 that falls in the spring gap altogether). {@link Timeline} maps wall-clock times to instants itself.
 *
 * <p>In cron the time-of-day fields (seconds, minutes, hours) do not depend on the date fields, so
 * every matching date has the same set of times. That set is worked out once, with at most 144
 * {@code isMatch} probes, and kept as a sorted array of seconds of the day; cron-utils is then
 * asked once per matching date, not once per occurrence.
 */
final class CronRule {
    /** First and last years Quartz syntax can name. */
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2099;

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String text;
    private final ExecutionTime execution;
    private final int[] times;

    private CronRule(String text, ExecutionTime execution, int[] times) {
        this.text = text;
        this.execution = execution;
        this.times = times;
    }

    /**
     * Parses and validates one expression; {@code position} (1-based) and {@code count} only name it
     * in the error.
     */
    static CronRule parse(String text, int position, int count) {
        String name = count == 1 ? "cron expression '" + text + "'" : "cron expression " + position + " of " + count + " ('" + text + "')";
        if (text.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        if (text.length() > Schedule.MAX_CRON_LENGTH) {
            throw new IllegalArgumentException("cron expression " + position + " of " + count + " is longer than "
                    + Schedule.MAX_CRON_LENGTH + " characters");
        }
        Cron cron;
        try {
            // Upper-case with the root locale first: cron-utils upper-cases day and month names with
            // the default locale, so under a Turkish locale "fri" would become "FRİ" and fail.
            cron = PARSER.parse(text.strip().toUpperCase(Locale.ROOT)).validate();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " is not a valid Quartz cron expression (second minute hour day-of-month month"
                            + " day-of-week [year], e.g. '0 0 9 ? * MON-FRI'): " + e.getMessage(),
                    e);
        }
        ExecutionTime execution = ExecutionTime.forCron(cron);
        ZonedDateTime first = next(execution, LocalDateTime.of(FIRST_YEAR - 1, 12, 31, 23, 59, 59))
                .orElseThrow(() -> new IllegalArgumentException(name + " never matches a date between "
                        + FIRST_YEAR + " and " + LAST_YEAR));
        return new CronRule(text, execution, timesOfDay(execution, first, name));
    }

    /**
     * The sorted seconds-of-day at which the expression fires on a matching date, found by varying
     * one field at a time around the first match.
     */
    private static int[] timesOfDay(ExecutionTime execution, ZonedDateTime first, String name) {
        int[] hours = probe(execution, first, 24, (t, v) -> t.withHour(v));
        int[] minutes = probe(execution, first, 60, (t, v) -> t.withMinute(v));
        int[] seconds = probe(execution, first, 60, (t, v) -> t.withSecond(v));
        int[] times = new int[hours.length * minutes.length * seconds.length];
        int i = 0;
        for (int h : hours) {
            for (int m : minutes) {
                for (int s : seconds) {
                    times[i++] = h * 3600 + m * 60 + s;
                }
            }
        }
        if (times.length == 0 || times[0] != first.toLocalTime().toSecondOfDay()) {
            throw new IllegalStateException(name + ": cron-utils disagrees with itself about its first time of day");
        }
        return times;
    }

    private interface FieldSetter {
        ZonedDateTime with(ZonedDateTime time, int value);
    }

    private static int[] probe(ExecutionTime execution, ZonedDateTime first, int size, FieldSetter setter) {
        return IntStream.range(0, size)
                .filter(v -> execution.isMatch(setter.with(first, v)))
                .toArray();
    }

    private static Optional<ZonedDateTime> next(ExecutionTime execution, LocalDateTime after) {
        return execution.nextExecution(after.atZone(ZoneOffset.UTC));
    }

    String text() {
        return text;
    }

    /** Seconds of the day at which this fires on a matching date; sorted, not empty. Do not modify. */
    int[] times() {
        return times;
    }

    /** The first date on or after {@code date} on which this fires, or null if there is none. */
    LocalDate firstDateFrom(LocalDate date) {
        if (date.getYear() > LAST_YEAR) {
            return null;
        }
        LocalDate start = date.getYear() < FIRST_YEAR ? LocalDate.of(FIRST_YEAR, 1, 1) : date;
        Optional<ZonedDateTime> next = next(execution, start.atStartOfDay().minusSeconds(1));
        if (next.isEmpty()) {
            return null;
        }
        LocalDateTime found = next.get().toLocalDateTime();
        if (found.toLocalTime().toSecondOfDay() != times[0] || found.getNano() != 0) {
            throw new IllegalStateException("cron-utils gave " + found + " for '" + text + "', not its first time of day "
                    + LocalTime.ofSecondOfDay(times[0]));
        }
        return found.toLocalDate();
    }

    @Override
    public String toString() {
        return text + " " + Arrays.toString(times.length > 8 ? Arrays.copyOf(times, 8) : times);
    }
}
