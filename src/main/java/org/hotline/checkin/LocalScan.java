package org.hotline.checkin;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The wall-clock date-times matched by any of a schedule's cron expressions, with no time zone:
 * stepping to the next one and counting them in a range. One scan serves one computation on one
 * thread: it remembers, per expression, the last "first matching date on or after" answer, so
 * walking forward asks cron-utils about each matching date once.
 *
 * <p>All date-times here are whole seconds.
 */
final class LocalScan {
    private final List<CronRule> rules;
    private final Map<Long, int[]> unions;
    private final LocalDate[] askedFrom;
    private final LocalDate[] answer;
    private final boolean[] known;

    /** {@code unions} caches, per set of expressions (a bit mask), the union of their times of day. */
    LocalScan(List<CronRule> rules, Map<Long, int[]> unions) {
        this.rules = rules;
        this.unions = unions;
        this.askedFrom = new LocalDate[rules.size()];
        this.answer = new LocalDate[rules.size()];
        this.known = new boolean[rules.size()];
    }

    static Map<Long, int[]> newUnionCache() {
        return new ConcurrentHashMap<>();
    }

    /** The first date on or after {@code date} on which rule {@code i} fires, or null. */
    private LocalDate firstDateFrom(int i, LocalDate date) {
        if (known[i] && !date.isBefore(askedFrom[i]) && (answer[i] == null || !date.isAfter(answer[i]))) {
            return answer[i];
        }
        LocalDate found = rules.get(i).firstDateFrom(date);
        known[i] = true;
        askedFrom[i] = date;
        answer[i] = found;
        return found;
    }

    /** Which expressions fire on this date, as a bit mask. */
    long mask(LocalDate date) {
        long mask = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (date.equals(firstDateFrom(i, date))) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** The first date on or after {@code date} on which any expression fires, or null. */
    LocalDate firstDateFrom(LocalDate date) {
        LocalDate best = null;
        for (int i = 0; i < rules.size(); i++) {
            LocalDate found = firstDateFrom(i, date);
            if (found != null && (best == null || found.isBefore(best))) {
                best = found;
            }
        }
        return best;
    }

    /** Sorted, distinct seconds of the day at which the expressions in {@code mask} fire. */
    int[] times(long mask) {
        return unions.computeIfAbsent(mask, this::union);
    }

    private int[] union(long mask) {
        if (Long.bitCount(mask) == 1) {
            return rules.get(Long.numberOfTrailingZeros(mask)).times();
        }
        return IntStream.range(0, rules.size())
                .filter(i -> (mask & (1L << i)) != 0)
                .flatMap(i -> Arrays.stream(rules.get(i).times()))
                .sorted()
                .distinct()
                .toArray();
    }

    /** Whether any expression fires at this date-time. */
    boolean matches(LocalDateTime time) {
        long mask = mask(time.toLocalDate());
        return mask != 0 && Arrays.binarySearch(times(mask), time.toLocalTime().toSecondOfDay()) >= 0;
    }

    /** The first matched date-time strictly after {@code after}, or null if there is none. */
    LocalDateTime nextAfter(LocalDateTime after) {
        LocalDate date = after.toLocalDate();
        long mask = mask(date);
        if (mask != 0) {
            int[] times = times(mask);
            int i = firstAbove(times, after.toLocalTime().toSecondOfDay());
            if (i < times.length) {
                return date.atStartOfDay().plusSeconds(times[i]);
            }
        }
        LocalDate next = firstDateFrom(date.plusDays(1));
        return next == null ? null : next.atStartOfDay().plusSeconds(times(mask(next))[0]);
    }

    /** How many matched date-times {@code t} there are with {@code after < t <= upTo}. */
    long count(LocalDateTime after, LocalDateTime upTo) {
        if (!upTo.isAfter(after)) {
            return 0;
        }
        LocalDate first = after.toLocalDate();
        LocalDate last = upTo.toLocalDate();
        int afterSecond = after.toLocalTime().toSecondOfDay();
        int upToSecond = upTo.toLocalTime().toSecondOfDay();
        if (first.equals(last)) {
            return countInDay(first, afterSecond, upToSecond);
        }
        long total = countInDay(first, afterSecond, Integer.MAX_VALUE);
        LocalDate date = firstDateFrom(first.plusDays(1));
        while (date != null && date.isBefore(last)) {
            total += times(mask(date)).length;
            date = firstDateFrom(date.plusDays(1));
        }
        return total + countInDay(last, -1, upToSecond);
    }

    /** Matched times on {@code date} with second of the day in (after, upTo]. */
    private int countInDay(LocalDate date, int after, int upTo) {
        long mask = mask(date);
        if (mask == 0) {
            return 0;
        }
        int[] times = times(mask);
        return firstAbove(times, upTo) - firstAbove(times, after);
    }

    /** Index of the first element greater than {@code value} in a sorted array. */
    private static int firstAbove(int[] sorted, int value) {
        int i = Arrays.binarySearch(sorted, value);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
