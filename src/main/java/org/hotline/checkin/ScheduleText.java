package org.hotline.checkin;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The short form of check-in times for the CLI and API, and the words for people.
 *
 * <pre>
 *   TIMES [DAYS] ZONE
 *   TIMES = hourly | HH:MM[,HH:MM...]            (24-hour clock)
 *   DAYS  = daily | weekdays | DAY[,DAY...]      (DAY = mon..sun, or a range such as mon-fri)
 * </pre>
 *
 * <p>{@code "09:00,17:00 mon-fri Asia/Seoul"} becomes the Quartz expression
 * {@code "0 0 9,17 ? * MON-FRI"} in zone Asia/Seoul; {@code "hourly UTC"} becomes
 * {@code "0 0 * * * ?"}. Times sharing a minute share an expression.
 */
final class ScheduleText {
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");
    private static final String HOURLY = "hourly";
    private static final List<DayOfWeek> QUARTZ_ORDER = List.of(
            DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
    /** The expressions this class writes, and those like them: every field a plain number or list. */
    private static final Pattern SIMPLE = Pattern.compile(
            "0 ([0-9]{1,2}) (\\*|[0-9]{1,2}(?:,[0-9]{1,2})*) ([*?]) \\* ([*?]|[A-Z]{3}(?:-[A-Z]{3})?(?:,[A-Z]{3}(?:-[A-Z]{3})?)*)");

    private ScheduleText() {}

    record Parsed(List<String> crons, ZoneId zone) {}

    static Parsed parse(String text) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2 || words.length > 3) {
            throw new IllegalArgumentException("check-in times look like '09:00,17:00 mon-fri Asia/Seoul' or 'hourly UTC'"
                    + " (times, optional days, time zone); got '" + abbreviate(text) + "'");
        }
        // Read left to right, so that the first mistake is the one reported.
        String times = words[0].toLowerCase(Locale.ROOT);
        boolean hourly = times.equals(HOURLY);
        Map<Integer, TreeSet<Integer>> hoursByMinute = new TreeMap<>();
        if (!hourly) {
            Set<String> seen = new TreeSet<>();
            for (String time : times.split(",", -1)) {
                Matcher m = TIME.matcher(time);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + abbreviate(time) + "' is not a time such as 09:00 or 17:30, nor '" + HOURLY + "'");
                }
                if (!seen.add(time)) {
                    throw new IllegalArgumentException(time + " is given twice");
                }
                hoursByMinute.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new TreeSet<>()).add(Integer.parseInt(m.group(1)));
            }
        }
        Set<DayOfWeek> days = words.length == 3 ? days(words[1]) : EnumSet.allOf(DayOfWeek.class);
        ZoneId zone = Schedule.zone(words[words.length - 1]);
        String dayFields = dayFields(days);
        if (hourly) {
            return new Parsed(List.of("0 0 * " + dayFields), zone);
        }
        List<String> crons = new ArrayList<>();
        hoursByMinute.forEach((minute, hours) -> crons.add("0 " + minute + " "
                + hours.stream().map(String::valueOf).collect(Collectors.joining(",")) + " " + dayFields));
        return new Parsed(List.copyOf(crons), zone);
    }

    private static Set<DayOfWeek> days(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("daily")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        if (lower.equals("weekdays")) {
            return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : lower.split(",", -1)) {
            String[] ends = part.split("-", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("'" + abbreviate(part) + "' is not a day or a range of days such as mon-fri");
            }
            DayOfWeek first = day(ends[0]);
            DayOfWeek last = ends.length == 2 ? day(ends[1]) : first;
            if (last.compareTo(first) < 0) {
                throw new IllegalArgumentException("day range " + part + " runs backwards; ranges run from mon to sun");
            }
            days.addAll(EnumSet.range(first, last));
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (shortName(day).toLowerCase(Locale.ROOT).equals(text)) {
                return day;
            }
        }
        throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a day; use mon, tue, wed, thu, fri, sat or sun,"
                + " a range such as mon-fri, 'weekdays' or 'daily'");
    }

    /** The day-of-month, month and day-of-week fields for these days. */
    private static String dayFields(Set<DayOfWeek> days) {
        if (days.size() == 7) {
            return "* * ?";
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < QUARTZ_ORDER.size()) {
            if (!days.contains(QUARTZ_ORDER.get(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < QUARTZ_ORDER.size() && days.contains(QUARTZ_ORDER.get(j + 1))) {
                j++;
            }
            String first = shortName(QUARTZ_ORDER.get(i)).toUpperCase(Locale.ROOT);
            if (j - i >= 2) {
                parts.add(first + "-" + shortName(QUARTZ_ORDER.get(j)).toUpperCase(Locale.ROOT));
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add(shortName(QUARTZ_ORDER.get(k)).toUpperCase(Locale.ROOT));
                }
            }
            i = j + 1;
        }
        return "? * " + String.join(",", parts);
    }

    /** One simple expression: at these minutes past these hours (null: every hour) on these days. */
    private record Simple(int minute, TreeSet<Integer> hours, Set<DayOfWeek> days) {}

    /** Reads an expression of the simple shape this class writes, or empty. */
    private static Optional<Simple> simple(String cron) {
        Matcher m = SIMPLE.matcher(cron.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        int minute = Integer.parseInt(m.group(1));
        TreeSet<Integer> hours = null;
        if (!m.group(2).equals("*")) {
            hours = new TreeSet<>();
            for (String hour : m.group(2).split(",")) {
                hours.add(Integer.parseInt(hour));
            }
        }
        boolean allDays = m.group(4).equals("*") || m.group(4).equals("?");
        if (allDays == m.group(3).equals("?")) {
            return Optional.empty(); // Quartz wants exactly one of the two day fields to be '?'
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (allDays) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else {
            for (String part : m.group(4).split(",")) {
                String[] ends = part.split("-");
                int first = quartzIndex(ends[0]);
                int last = ends.length == 2 ? quartzIndex(ends[1]) : first;
                if (first < 0 || last < first) {
                    return Optional.empty(); // unknown name, or a range wrapping past Saturday
                }
                for (int k = first; k <= last; k++) {
                    days.add(QUARTZ_ORDER.get(k));
                }
            }
        }
        return Optional.of(new Simple(minute, hours, days));
    }

    private static int quartzIndex(String name) {
        for (int i = 0; i < QUARTZ_ORDER.size(); i++) {
            if (shortName(QUARTZ_ORDER.get(i)).toUpperCase(Locale.ROOT).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The short form of these expressions, if they have one. */
    static Optional<String> compact(List<String> crons, ZoneId zone) {
        Set<DayOfWeek> days = null;
        boolean hourly = false;
        Set<String> times = new TreeSet<>();
        for (String cron : crons) {
            Optional<Simple> simple = simple(cron);
            if (simple.isEmpty() || (days != null && !days.equals(simple.get().days()))) {
                return Optional.empty();
            }
            days = simple.get().days();
            if (simple.get().hours() == null) {
                if (simple.get().minute() != 0) {
                    return Optional.empty();
                }
                hourly = true;
            } else {
                for (int hour : simple.get().hours()) {
                    times.add(clock(hour, simple.get().minute()));
                }
            }
        }
        if (hourly && !times.isEmpty()) {
            return Optional.empty();
        }
        String dayWords = days.size() == 7 ? "" : " " + dayWords(days, ",").toLowerCase(Locale.ROOT);
        return Optional.of((hourly ? HOURLY : String.join(",", times)) + dayWords + " " + zone.getId());
    }

    /** When these expressions fire, for people: "09:00 and 17:00 Mon-Fri"; raw cron text where that fails. */
    static String words(List<String> crons) {
        Map<Set<DayOfWeek>, List<String>> byDays = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        for (String cron : crons) {
            Optional<Simple> simple = simple(cron);
            if (simple.isEmpty()) {
                raw.add("cron '" + cron.strip() + "'");
                continue;
            }
            List<String> times = byDays.computeIfAbsent(simple.get().days(), k -> new ArrayList<>());
            if (simple.get().hours() == null) {
                times.add(simple.get().minute() == 0 ? "hourly" : String.format(Locale.ROOT, "every hour at :%02d", simple.get().minute()));
            } else {
                simple.get().hours().forEach(hour -> times.add(clock(hour, simple.get().minute())));
            }
        }
        List<String> parts = new ArrayList<>();
        byDays.forEach((days, times) -> {
            List<String> sorted = times.stream().distinct().sorted().toList();
            boolean onlyHourly = sorted.stream().allMatch(t -> t.startsWith("hourly") || t.startsWith("every"));
            String dayText = days.size() == 7 ? (onlyHourly ? "" : " daily") : " " + dayWords(days, ", ");
            parts.add(andList(sorted) + dayText);
        });
        parts.addAll(raw);
        return String.join("; ", parts);
    }

    /** Days Monday first, runs of three or more as ranges: "Mon-Fri", "Sat, Sun". */
    private static String dayWords(Set<DayOfWeek> days, String separator) {
        List<String> parts = new ArrayList<>();
        DayOfWeek[] all = DayOfWeek.values();
        int i = 0;
        while (i < all.length) {
            if (!days.contains(all[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < all.length && days.contains(all[j + 1])) {
                j++;
            }
            if (j - i >= 2) {
                parts.add(shortName(all[i]) + "-" + shortName(all[j]));
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add(shortName(all[k]));
                }
            }
            i = j + 1;
        }
        return String.join(separator, parts);
    }

    private static String shortName(DayOfWeek day) {
        String name = day.name();
        return name.charAt(0) + name.substring(1, 3).toLowerCase(Locale.ROOT);
    }

    private static String clock(int hour, int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", hour, minute);
    }

    static String andList(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
