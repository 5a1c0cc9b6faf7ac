package org.hotline.line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.protocol.Answer;
import org.hotline.protocol.Call;
import org.hotline.protocol.Entry;
import org.hotline.protocol.Missed;
import org.hotline.protocol.RestoreAccept;
import org.hotline.protocol.RestoreProposal;
import org.hotline.protocol.ScheduleAccept;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.protocol.StationId;
import org.hotline.protocol.Suspend;

/**
 * A line's timeline from its transcript: opened, schedules agreed, calls answered or missed (runs
 * of the same outcome by the same caller folded into one row), cuts, restore proposals, restores.
 */
public final class LineHistory {
    private LineHistory() {}

    /** Names for the two authors, for the sentences. */
    public interface Names {
        String of(StationId author);
    }

    /** The entry types a timeline reads. */
    public static final Set<String> TYPES = Set.of(Call.TYPE, Answer.TYPE, Missed.TYPE, Suspend.TYPE, RestoreProposal.TYPE,
            RestoreAccept.TYPE, ScheduleProposal.TYPE, ScheduleAccept.TYPE);

    public static List<HistoryItem> of(Instant opened, String peerName, StationId self, StationId peer, List<Entry> entries, Names names) {
        Map<String, Entry> calls = new HashMap<>();
        Set<String> answered = new HashSet<>();
        Set<String> missed = new HashSet<>();
        for (Entry entry : entries) {
            switch (entry.body()) {
                case Call call -> calls.put(key(entry.author(), entry.seq()), entry);
                case Answer answer -> answered.add(key(entry.author().equals(self) ? peer : self, answer.call()));
                case Missed miss -> missed.add(key(entry.author(), miss.call()));
                default -> {
                    // other entries are not call outcomes
                }
            }
        }
        List<HistoryItem> items = new ArrayList<>();
        items.add(new HistoryItem(opened, Optional.empty(), "opened", 1, "line opened with " + peerName));
        Streak streak = null;
        for (Entry entry : entries) {
            String who = names.of(entry.author());
            HistoryItem event = switch (entry.body()) {
                case Call call -> {
                    String key = key(entry.author(), entry.seq());
                    // The caller's own verdict wins over an answer that came after it.
                    String outcome = missed.contains(key) ? "missed" : answered.contains(key) ? "answered" : "pending";
                    if (streak != null && streak.matches(entry.author(), outcome)) {
                        streak.add(call.scheduled());
                    } else {
                        if (streak != null) {
                            items.add(streak.item());
                        }
                        streak = new Streak(entry.author(), who, outcome, call.scheduled());
                    }
                    yield null;
                }
                case Suspend suspend -> new HistoryItem(entry.at(), Optional.empty(), suspend.announced() ? "cut" : "silent-cut", 1,
                        who + (suspend.announced() ? " cut the line" : " cut the line silently")
                                + (suspend.reason().isBlank() ? "" : ": " + suspend.reason()));
                case RestoreProposal proposal -> new HistoryItem(entry.at(), Optional.empty(), "restore-proposal", 1,
                        who + " proposed to restore the line" + (proposal.note().isBlank() ? "" : ": " + proposal.note()));
                case RestoreAccept accept -> new HistoryItem(entry.at(), Optional.empty(), "restored", 1,
                        who + " accepted; the line is restored");
                case ScheduleAccept accept -> new HistoryItem(entry.at(), Optional.empty(), "schedule", 1,
                        who + " agreed to the check-in schedule");
                default -> null;
            };
            if (event != null) {
                if (streak != null) {
                    items.add(streak.item());
                    streak = null;
                }
                items.add(event);
            }
        }
        if (streak != null) {
            items.add(streak.item());
        }
        // Entries arrive in each station's own order (a cut holds calls back); a timeline reads by time.
        items.sort(java.util.Comparator.comparing(HistoryItem::at));
        return items;
    }

    private static String key(StationId author, long seq) {
        return author.value() + "#" + seq;
    }

    /** A run of calls by one caller with one outcome. */
    private static final class Streak {
        private final StationId caller;
        private final String callerName;
        private final String outcome;
        private final Instant first;
        private Instant last;
        private long count = 1;

        Streak(StationId caller, String callerName, String outcome, Instant first) {
            this.caller = caller;
            this.callerName = callerName;
            this.outcome = outcome;
            this.first = first;
            this.last = first;
        }

        boolean matches(StationId author, String otherOutcome) {
            return caller.equals(author) && outcome.equals(otherOutcome);
        }

        void add(Instant scheduled) {
            last = scheduled;
            count++;
        }

        HistoryItem item() {
            String calls = count == 1 ? "1 call" : count + " calls";
            return new HistoryItem(first, count == 1 ? Optional.empty() : Optional.of(last), "calls-" + outcome, count,
                    callerName + ": " + calls + " " + outcome);
        }
    }
}
