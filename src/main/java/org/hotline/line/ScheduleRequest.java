package org.hotline.line;

import java.util.List;

/**
 * A check-in schedule as an operator asks for it: either {@code times} in the short form
 * ("09:00,17:00 mon-fri Asia/Seoul", "hourly UTC") or {@code crons} (Quartz syntax) with a
 * {@code zone}; who calls ({@code us}, {@code peer} or {@code alternate}); the kind of call; and
 * the answer window in seconds.
 */
public record ScheduleRequest(String times, List<String> crons, String zone, String caller, String kind, Integer windowSeconds) {}
