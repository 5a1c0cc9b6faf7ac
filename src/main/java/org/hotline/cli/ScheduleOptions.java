package org.hotline.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How an operator states a check-in schedule on the command line. */
final class ScheduleOptions {
    @Option(names = "--times", paramLabel = "TIMES",
            description = "Check-in times in short form: \"09:00,17:00 mon-fri Asia/Seoul\", \"09:00,16:00 weekdays Asia/Seoul\", \"hourly UTC\".")
    String times;

    @Option(names = "--cron", paramLabel = "EXPR",
            description = "A Quartz cron expression (repeatable), e.g. \"0 0 9,17 ? * MON-FRI\"; needs --zone.")
    List<String> crons;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of --cron, e.g. Asia/Seoul.")
    String zone;

    @Option(names = "--caller", paramLabel = "WHO", description = "Who places the calls: us (default), peer, or alternate.")
    String caller;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "link-test (default: answered by the other station) or watch-test (rings until an operator answers).")
    String kind;

    @Option(names = "--window", paramLabel = "SECONDS", description = "Answer window in seconds (default 300).")
    Integer windowSeconds;

    /** The API's schedule object, or empty when no schedule option was given. */
    Optional<Map<String, Object>> body() {
        if (times == null && crons == null && zone == null && caller == null && kind == null && windowSeconds == null) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (times != null) {
            body.put("times", times);
        }
        if (crons != null) {
            body.put("crons", crons);
        }
        if (zone != null) {
            body.put("zone", zone);
        }
        if (caller != null) {
            body.put("caller", caller);
        }
        if (kind != null) {
            body.put("kind", kind);
        }
        if (windowSeconds != null) {
            body.put("windowSeconds", windowSeconds);
        }
        return Optional.of(body);
    }
}
