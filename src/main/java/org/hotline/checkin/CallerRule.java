package org.hotline.checkin;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import org.hotline.protocol.StationId;

/**
 * Who places a line's scheduled calls: always the same station, or the two stations in turn.
 *
 * <p>In turn ({@link #ALTERNATE}) needs no communication: the scheduled times after the schedule's
 * {@code from} instant are numbered 0, 1, 2, ...; the station whose id sorts first places the
 * even-numbered calls and the other station the odd-numbered ones (see {@link Schedule#ordinal}).
 */
public sealed interface CallerRule permits CallerRule.Fixed, CallerRule.Alternate {
    /** The two stations take turns. */
    CallerRule ALTERNATE = new Alternate();

    /** The wire and CLI form: {@code alternate}, or the caller's station id in its compact form. */
    String wireForm();

    /** For people, completing "called by ...", with {@code who} naming a station (its party's name, or "us"). */
    String words(Function<StationId, String> who);

    static CallerRule station(StationId station) {
        return new Fixed(station);
    }

    /** Reads {@code alternate} or a station id (compact or grouped form, either case). */
    static CallerRule parse(String text) {
        requireNonNull(text, "caller is null");
        if (text.equals(Alternate.WIRE)) {
            return ALTERNATE;
        }
        try {
            return new Fixed(StationId.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "caller must be '" + Alternate.WIRE + "' or a station id, got '"
                            + (text.length() > 70 ? text.substring(0, 70) + "..." : text) + "'");
        }
    }

    /** One station always places the calls. */
    record Fixed(StationId station) implements CallerRule {
        public Fixed {
            requireNonNull(station, "station is null");
        }

        @Override
        public String wireForm() {
            return station.value();
        }

        @Override
        public String words(Function<StationId, String> who) {
            return who.apply(station);
        }
    }

    /** The stations take turns; use {@link CallerRule#ALTERNATE}. */
    record Alternate() implements CallerRule {
        static final String WIRE = "alternate";

        @Override
        public String wireForm() {
            return WIRE;
        }

        @Override
        public String words(Function<StationId, String> who) {
            return "each station in turn, the one whose id sorts first placing the first call";
        }
    }
}
