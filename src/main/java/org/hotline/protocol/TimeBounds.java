package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * When a receiver accepts the peer's entries as written: an entry's {@code at} is the author's
 * clock, and what the author signed cannot be removed later, so an implausible one is refused at
 * the edge rather than carried for ever (an instant far in the future breaks calendars and zone
 * conversions). {@code at} must lie in [{@code notBefore}, {@code notAfter}], the line's opening
 * and our clock, each widened by the allowed clock skew; and never before the author's previous
 * entry, since an honest author never writes one earlier than its last.
 */
public record TimeBounds(Instant notBefore, Instant notAfter) {
    /** Accepts any instant: for readers, such as an auditor, who have no clock of their own to compare with. */
    public static final TimeBounds ANY = new TimeBounds(Instant.MIN, Instant.MAX);

    /**
     * Dates inside a body (a call's schedule, a letter's date, a schedule's start) may lie ahead
     * of the entry, but only within what any calendar and zone can show: years 1970-9999.
     */
    static final Instant EARLIEST_DATE = Instant.EPOCH;

    static final Instant LATEST_DATE = Instant.parse("+10000-01-01T00:00:00Z");

    public TimeBounds {
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(notAfter, "notAfter is null");
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    /** A line opened at {@code opened}, checked at {@code now} by our clock, allowing {@code skew} either way. */
    public static TimeBounds of(Instant opened, Instant now, Duration skew) {
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew is negative");
        }
        return new TimeBounds(saturatedMinus(opened, skew), saturatedPlus(now, skew));
    }

    /**
     * Throws {@link Reason#BAD_TIME} when {@code entry} is dated outside the bounds or before
     * {@code previous}, the {@code at} of its author's entry just before it (if any).
     */
    public void check(Entry entry, Optional<Instant> previous) throws ProtocolException {
        Instant at = entry.at();
        String name = "entry " + entry.author().shortForm() + "#" + entry.seq();
        if (at.isAfter(notAfter)) {
            throw new ProtocolException(Reason.BAD_TIME, name + " is dated " + at + ", after " + notAfter
                    + " (our clock and the allowed skew)");
        }
        if (at.isBefore(notBefore)) {
            throw new ProtocolException(Reason.BAD_TIME, name + " is dated " + at + ", before the line opened (" + notBefore
                    + " with the allowed skew)");
        }
        if (previous.isPresent() && at.isBefore(previous.get())) {
            throw new ProtocolException(Reason.BAD_TIME, name + " is dated " + at + ", before its author's previous entry ("
                    + previous.get() + ")");
        }
        Optional<Instant> inBody = switch (entry.body()) {
            case Call call -> Optional.of(call.scheduled());
            case Letter letter -> Optional.of(letter.date());
            case ScheduleProposal proposal -> Optional.of(proposal.from());
            default -> Optional.empty();
        };
        if (inBody.isPresent() && (inBody.get().isBefore(EARLIEST_DATE) || !inBody.get().isBefore(LATEST_DATE))) {
            throw new ProtocolException(Reason.BAD_TIME, name + " carries the date " + inBody.get()
                    + ", outside the years 1970-9999 that every calendar and time zone can show");
        }
    }

    private static Instant saturatedPlus(Instant instant, Duration by) {
        return Instant.MAX.minus(by).isBefore(instant) ? Instant.MAX : instant.plus(by);
    }

    private static Instant saturatedMinus(Instant instant, Duration by) {
        return Instant.MIN.plus(by).isAfter(instant) ? Instant.MIN : instant.minus(by);
    }
}
