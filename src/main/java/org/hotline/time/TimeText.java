package org.hotline.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one way instants become text for people (console, CLI, feeds, verify output). Total: an
 * instant a peer signed may lie where no calendar reaches (Java's {@link Instant} goes to the
 * year one billion, a zone's date only to 999,999,999, a four-digit pattern to 9999), and a page
 * that cannot show one entry must still show the others. Instants outside {@link #EARLIEST} to
 * {@link #LATEST} are shown as their exact UTC text, visibly marked, in every zone.
 */
public final class TimeText {
    /** From here to {@link #LATEST}, an instant is a four-digit-year date in every zone (offsets are at most 18 h). */
    public static final Instant EARLIEST = Instant.parse("0001-01-02T00:00:00Z");

    public static final Instant LATEST = Instant.parse("9999-12-30T23:59:59.999Z");

    private static final String MARK = " (outside the calendar)";

    private TimeText() {}

    /** Whether {@code instant} can be shown as a date in any zone. */
    public static boolean inCalendar(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** {@code instant} in {@code zone} by {@code pattern}; outside the calendar, its UTC text, marked. */
    public static String format(Instant instant, ZoneId zone, DateTimeFormatter pattern) {
        if (!inCalendar(instant)) {
            return outside(instant);
        }
        try {
            return pattern.format(instant.atZone(zone));
        } catch (DateTimeException e) {
            return outside(instant);
        }
    }

    /** An instant's exact text (always defined), marked when it lies outside the calendar. */
    public static String exact(Instant instant) {
        return inCalendar(instant) ? instant.toString() : outside(instant);
    }

    /** Text that should hold an instant (from our own API); empty if it does not. */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code instant} moved into the calendar: for formats that cannot hold more (Atom dates, {@link java.util.Date}). */
    public static Instant clamp(Instant instant) {
        return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
    }

    private static String outside(Instant instant) {
        return instant + MARK;
    }
}
