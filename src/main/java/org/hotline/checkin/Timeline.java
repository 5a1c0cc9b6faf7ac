package org.hotline.checkin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A schedule's cron expressions compiled for one time zone: the instants at which they fire.
 *
 * <p>The instants are, by definition, {@code ZonedDateTime.of(t, zone).toInstant()} for every
 * wall-clock date-time {@code t} that any expression matches, each instant once. The code below
 * does not step through wall-clock time converting each date-time; it walks the zone's offset
 * transitions. Between two transitions the offset is fixed, so wall-clock times and instants
 * correspond one to one; at a transition:
 *
 * <ul>
 *   <li>a gap (clocks go forward by g): a wall-clock time t in the gap is moved forward by g, onto
 *       the same instant as the real wall-clock time t + g, so the two collapse if both match;
 *   <li>an overlap (clocks go back): a repeated wall-clock time belongs to the earlier offset, so
 *       it fires once, before the change; during the repeated stretch after the change nothing that
 *       already fired fires again.
 * </ul>
 *
 * <p>This relies on each stretch between transitions being longer than the gap that opens it,
 * which holds for every zone in the time-zone database from 1970 on (the shortest such stretch is
 * about a week; the longest gap 24 hours, Pacific/Apia in 2011).
 *
 * <p>Compiled timelines are kept in a small least-recently-used cache, keyed by expressions and
 * zone, so that the compile cost (parsing, and up to 144 probes per expression) is paid once.
 */
final class Timeline {
    /** No wall-clock time in 1970 or later is before this instant in any zone. */
    static final Instant EARLIEST = Instant.parse("1969-12-31T00:00:00Z");
    /** No wall-clock time in 2099 or earlier is at or after this instant in any zone. */
    static final Instant LATEST = Instant.parse("2100-01-02T00:00:00Z");

    private static final int CACHED_TIMELINES = 64;
    private static final int REMEMBERED_COUNTS = 256;
    private static final Map<Key, Timeline> CACHE = new LinkedHashMap<>(CACHED_TIMELINES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Timeline> eldest) {
            return size() > CACHED_TIMELINES;
        }
    };

    private record Key(List<String> crons, ZoneId zone) {}

    /** The last count asked for from a given start, to continue from. */
    private record Counted(Instant upTo, long count) {}

    private final List<CronRule> rules;
    private final ZoneRules zoneRules;
    private final Map<Long, int[]> unions = LocalScan.newUnionCache();
    private final Map<Instant, Counted> counted = new ConcurrentHashMap<>();

    private Timeline(List<CronRule> rules, ZoneId zone) {
        this.rules = rules;
        this.zoneRules = zone.getRules();
    }

    /** Compiles (or finds compiled) expressions; throws IllegalArgumentException naming a bad one. */
    static Timeline of(List<String> crons, ZoneId zone) {
        Key key = new Key(crons, zone);
        synchronized (CACHE) {
            Timeline cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<CronRule> rules = new ArrayList<>();
        for (int i = 0; i < crons.size(); i++) {
            rules.add(CronRule.parse(crons.get(i), i + 1, crons.size()));
        }
        Timeline timeline = new Timeline(List.copyOf(rules), zone);
        synchronized (CACHE) {
            CACHE.putIfAbsent(key, timeline);
            return CACHE.get(key);
        }
    }

    LocalScan scan() {
        return new LocalScan(rules, unions);
    }

    /** The zone's offset fixed from {@code start} (null: since ever) until {@code end} (null: for ever). */
    private record Stretch(Instant start, ZoneOffset before, ZoneOffset offset, Instant end) {
        boolean opensWithGap() {
            return start != null && before.getTotalSeconds() < offset.getTotalSeconds();
        }

        /** The first wall-clock time that maps to this stretch with its own offset (null: no limit). */
        LocalDateTime firstOwnLocal() {
            if (start == null) {
                return null;
            }
            ZoneOffset later = before.getTotalSeconds() > offset.getTotalSeconds() ? before : offset;
            return local(start, later);
        }
    }

    private Stretch stretchAt(Instant t) {
        ZoneOffset offset = zoneRules.getOffset(t);
        ZoneOffsetTransition previous = zoneRules.previousTransition(t.plusSeconds(1));
        ZoneOffsetTransition next = zoneRules.nextTransition(t);
        return new Stretch(
                previous == null ? null : previous.getInstant(),
                previous == null ? offset : previous.getOffsetBefore(),
                offset,
                next == null ? null : next.getInstant());
    }

    private Stretch following(Stretch stretch) {
        ZoneOffsetTransition next = zoneRules.nextTransition(stretch.end());
        return new Stretch(stretch.end(), stretch.offset(), zoneRules.getOffset(stretch.end()), next == null ? null : next.getInstant());
    }

    /**
     * The first instant at which the schedule fires strictly after {@code after}, or null.
     * {@code after} must be whole seconds, in [EARLIEST, LATEST).
     */
    Instant nextAfter(LocalScan scan, Instant after) {
        Stretch stretch = stretchAt(after);
        while (true) {
            LocalDateTime ownStart = stretch.firstOwnLocal();
            LocalDateTime regular = scan.nextAfter(latest(local(after, stretch.offset()), ownStart == null ? null : ownStart.minusSeconds(1)));
            Instant best = null;
            if (regular != null) {
                Instant at = instant(regular, stretch.offset());
                if (stretch.end() == null || at.isBefore(stretch.end())) {
                    best = at;
                }
            }
            if (stretch.opensWithGap()) {
                LocalDateTime gapStart = local(stretch.start(), stretch.before());
                LocalDateTime gapEnd = local(stretch.start(), stretch.offset());
                LocalDateTime skipped = scan.nextAfter(latest(local(after, stretch.before()), gapStart.minusSeconds(1)));
                if (skipped != null && skipped.isBefore(gapEnd)) {
                    Instant at = instant(skipped, stretch.before());
                    if (best == null || at.isBefore(best)) {
                        best = at;
                    }
                }
            }
            if (best != null || regular == null || stretch.end() == null) {
                return best;
            }
            stretch = following(stretch);
        }
    }

    /**
     * How many instants the schedule fires at in (after, upTo]. Both whole seconds, in
     * [EARLIEST, LATEST]. Costs one cron-utils question per matching date, not per instant.
     */
    long count(LocalScan scan, Instant after, Instant upTo) {
        long total = 0;
        Stretch stretch = stretchAt(after);
        while (true) {
            Instant low = stretch.start() == null ? after : latest(after, stretch.start().minusSeconds(1));
            Instant high = stretch.end() == null ? upTo : earliest(upTo, stretch.end().minusSeconds(1));
            if (high.isAfter(low)) {
                LocalDateTime ownStart = stretch.firstOwnLocal();
                total += scan.count(
                        latest(local(low, stretch.offset()), ownStart == null ? null : ownStart.minusSeconds(1)),
                        local(high, stretch.offset()));
                if (stretch.opensWithGap()) {
                    total += countSkipped(scan, stretch, low, high);
                }
            }
            if (stretch.end() == null || stretch.end().isAfter(upTo)) {
                return total;
            }
            stretch = following(stretch);
        }
    }

    /** Matched wall-clock times in the gap opening {@code stretch} that fire in (low, high] and do not collapse. */
    private static long countSkipped(LocalScan scan, Stretch stretch, Instant low, Instant high) {
        LocalDateTime gapStart = local(stretch.start(), stretch.before());
        LocalDateTime gapEnd = local(stretch.start(), stretch.offset());
        long gap = stretch.offset().getTotalSeconds() - stretch.before().getTotalSeconds();
        long total = 0;
        LocalDateTime skipped = scan.nextAfter(latest(local(low, stretch.before()), gapStart.minusSeconds(1)));
        while (skipped != null && skipped.isBefore(gapEnd) && !instant(skipped, stretch.before()).isAfter(high)) {
            if (!scan.matches(skipped.plusSeconds(gap))) {
                total++;
            }
            skipped = scan.nextAfter(skipped);
        }
        return total;
    }

    /**
     * How many instants the schedule fires at in (from, upTo], remembering the answer per
     * {@code from} so that asking again for a later instant only counts the difference.
     */
    long countSince(Instant from, Instant upTo) {
        Counted last = counted.get(from);
        long total;
        if (last != null && !upTo.isBefore(last.upTo())) {
            total = last.count() + count(scan(), last.upTo(), upTo);
        } else {
            total = count(scan(), from, upTo);
        }
        if (counted.size() >= REMEMBERED_COUNTS) {
            counted.clear();
        }
        counted.put(from, new Counted(upTo, total));
        return total;
    }

    static LocalDateTime local(Instant instant, ZoneOffset offset) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, offset);
    }

    static Instant instant(LocalDateTime local, ZoneOffset offset) {
        return Instant.ofEpochSecond(local.toEpochSecond(offset));
    }

    private static <T extends Comparable<? super T>> T latest(T a, T b) {
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static <T extends Comparable<? super T>> T earliest(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
