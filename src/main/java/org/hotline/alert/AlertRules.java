package org.hotline.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hotline.checkin.CheckinService;
import org.hotline.checkin.RingingCall;
import org.hotline.metrics.StationMetrics;
import org.hotline.protocol.Entry;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.StationId;
import org.hotline.protocol.Suspend;
import org.hotline.store.LineRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;

/**
 * Which things that happen at a station are alerts, and which are only live events for the
 * console: a missed call, a link down too long, a cut by the peer, an equivocation and a flash
 * message from the peer raise alerts; new entries, ringing and answered calls are published as
 * events.
 */
public final class AlertRules implements CheckinService.Listener, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertRules.class);
    private final StationId self;
    private final Store store;
    private final Alerts alerts;
    private final EventStream events;
    private final StationMetrics metrics;
    private final Clock clock;
    private final Map<LineId, LineRecord> lines = new java.util.concurrent.ConcurrentHashMap<>();
    private final AlertCoalescer coalescer;

    /** {@code coalesce}: the window within which alerts of one kind on one line go out as one (zero: off). */
    public AlertRules(StationId self, Store store, Alerts alerts, EventStream events, StationMetrics metrics, Clock clock,
            Duration coalesce) {
        this.self = self;
        this.store = store;
        this.alerts = alerts;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.coalescer = new AlertCoalescer(coalesce, alert -> {
            metrics.alert(alert.kind().wireName());
            alerts.raise(alert);
        });
    }

    private void raise(Alert alert) {
        coalescer.raise(alert);
    }

    /** Sends what the coalescing windows still hold; before {@link Alerts} closes. */
    @Override
    public void close() {
        coalescer.close();
    }

    /**
     * For the transcript writer: called with every commit's entries, on the writer thread, so it
     * stays cheap: one "entries" event per line and commit, line records from memory, and alerts
     * only for the few entries that call for one.
     */
    public void committed(List<StoredEntry> entries) {
        Map<LineId, long[]> newest = new java.util.LinkedHashMap<>();
        for (StoredEntry stored : entries) {
            Entry entry = stored.signed().entry();
            newest.computeIfAbsent(entry.line(), id -> new long[2])[entry.author().equals(self) ? 0 : 1] = entry.seq();
            if (entry.author().equals(self)) {
                continue;
            }
            switch (entry.body()) {
                case Suspend suspend -> line(entry.line()).ifPresent(line -> raise(Alert.of(AlertKind.PEER_SUSPENDED, line.name(), line.id(),
                        line.peerName() + (suspend.announced() ? " cut the line" : " had cut the line silently") + " at " + entry.at()
                                + (suspend.reason().isBlank() ? "." : ": " + suspend.reason()), clock.instant())));
                case Message message when message.priority() == Priority.FLASH -> line(entry.line()).ifPresent(line -> raise(Alert.of(
                        AlertKind.FLASH_MESSAGE, line.name(), line.id(),
                        line.peerName() + " sent a flash message: " + abbreviate(message.text()), clock.instant())));
                default -> {
                    // not an alert
                }
            }
        }
        newest.forEach((id, seqs) -> line(id).ifPresent(line -> events.publish("entries",
                Map.of("line", line.name(), "ourSeq", seqs[0], "theirSeq", seqs[1]))));
    }

    /** Line records by id; their names and keys never change, so they are kept once read. */
    private java.util.Optional<LineRecord> line(LineId id) {
        LineRecord known = lines.get(id);
        if (known != null) {
            return java.util.Optional.of(known);
        }
        java.util.Optional<LineRecord> loaded = store.line(id);
        loaded.ifPresent(line -> lines.put(id, line));
        return loaded;
    }

    public void equivocation(LineRecord line, String detail) {
        raise(Alert.of(AlertKind.EQUIVOCATION, line.name(), line.id(), detail, clock.instant()));
    }

    public void peerMisbehaving(LineRecord line, String error) {
        raise(Alert.of(AlertKind.PEER_MISBEHAVING, line.name(), line.id(),
                "An answer from " + line.peerName() + " was refused (" + error + "). Its answers are read no further than the"
                        + " limits; the line keeps trying with backoff.", clock.instant()));
    }

    /** A batch from the peer was refused for the line's quota: an alert for the first of an episode. */
    public void quotaRefused(LineRecord line, String reason, boolean episodeBegins) {
        metrics.quotaRefused(line.name());
        if (episodeBegins) {
            raise(Alert.of(AlertKind.QUOTA_EXCEEDED, line.name(), line.id(), line.peerName() + " sent more than the line's quota allows;"
                    + " its batches are refused until there is room again, and nothing of them is stored: " + reason, clock.instant()));
        }
    }

    public void linkDown(LineRecord line, Duration downFor, String error) {
        raise(Alert.of(AlertKind.LINK_DOWN, line.name(), line.id(),
                "No answer from " + line.peerName() + " for " + downFor.toSeconds() + " s: " + error, clock.instant()));
    }

    @Override
    public void missed(LineRecord line, long callSeq, Instant scheduled) {
        metrics.call("missed");
        raise(Alert.of(AlertKind.MISSED_CALL, line.name(), line.id(),
                "Our check-in call #" + callSeq + " scheduled for " + scheduled + " was not answered by " + line.peerName() + ".",
                clock.instant()));
    }

    @Override
    public void ringing(LineRecord line, RingingCall call) {
        LOG.warn("line {}: the other side is calling (#{}); answer by {} with: hotline answer {}", line.name(), call.seq(),
                call.closesAt(), line.name());
        events.publish("ring", Map.of("line", line.name(), "seq", call.seq(), "closesAt", call.closesAt().toString()));
    }

    @Override
    public void answered(LineRecord line, long callSeq, String by, Duration latency) {
        metrics.call("answered");
        events.publish("answered", Map.of("line", line.name(), "seq", callSeq, "by", by, "latencyMillis", latency.toMillis()));
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
