package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher the station calls: {@link #raise} hands an alert to every sink and returns at
 * once. Each sink has its own bounded queue and thread, so a sink that fails, hangs or retries for
 * minutes neither breaks the caller nor delays the other sinks.
 */
public final class Alerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    /** Alerts waiting per sink; far more than a station raises while a sink is briefly stuck. */
    public static final int DEFAULT_QUEUE = 1000;
    /** How long {@link #close} lets queued alerts go out before giving up on them. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private record Lane(String name, SinkQueue<Alert> queue) {}

    private final List<Lane> lanes;
    /** What {@link #create} built and so must close; sinks passed in belong to the caller. */
    private final List<AutoCloseable> owned;
    private final Duration grace;
    private final AtomicLong dropped = new AtomicLong();

    public Alerts(List<? extends AlertSink> sinks, int queueCapacity, Duration grace) {
        this(sinks, queueCapacity, grace, List.of());
    }

    private Alerts(List<? extends AlertSink> sinks, int queueCapacity, Duration grace, List<AutoCloseable> owned) {
        requireNonNull(sinks, "sinks is null");
        this.owned = List.copyOf(owned);
        this.grace = requireNonNull(grace, "grace is null");
        List<Lane> built = new ArrayList<>();
        for (AlertSink sink : sinks) {
            String name = "alert-" + sink.getClass().getSimpleName();
            built.add(new Lane(name, new SinkQueue<>(name, queueCapacity, sink::deliver, alert -> {
                dropped.incrementAndGet();
                LOG.warn("{}: queue full, dropped alert {} ({} on line {})", name, alert.id(),
                        alert.kind().wireName(), alert.lineName());
            }, alert -> alert.kind().kept())));
        }
        this.lanes = List.copyOf(built);
    }

    public Alerts(List<? extends AlertSink> sinks) {
        this(sinks, DEFAULT_QUEUE, DEFAULT_GRACE);
    }

    /** No channels at all: for tests and tools that build station parts without alerting anyone. */
    public static Alerts none() {
        return new Alerts(List.of());
    }

    /**
     * The station's channels: the log and the event stream always, the webhook and mail when
     * configured.
     */
    public static Alerts create(AlertConfig config, EventStream events, String stationName) {
        List<AlertSink> sinks = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        List<String> channels = new ArrayList<>(List.of("log", "event stream"));
        sinks.add(new LogSink());
        sinks.add(events);
        config.webhook().ifPresent(webhook -> {
            WebhookSink sink = WebhookSink.create(webhook);
            sinks.add(sink);
            owned.add(sink);
            channels.add("webhook to " + WebhookSink.origin(webhook.url()));
        });
        config.mail().ifPresent(mail -> {
            sinks.add(MailSink.create(mail, stationName));
            channels.add("mail via " + mail.host() + ":" + mail.port() + " to " + mail.to().size() + " recipient(s)");
        });
        LOG.info("alerts go to: {}", String.join(", ", channels));
        return new Alerts(sinks, DEFAULT_QUEUE, DEFAULT_GRACE, owned);
    }

    /** Hands the alert to every sink; never blocks and never throws for a sink's sake. */
    public void raise(Alert alert) {
        requireNonNull(alert, "alert is null");
        for (Lane lane : lanes) {
            try {
                if (!lane.queue().offer(alert)) {
                    LOG.warn("{}: stopped, alert {} not sent", lane.name(), alert.id());
                }
            } catch (RuntimeException e) {
                // Only a broken onDrop could get here; the other lanes still get the alert.
                LOG.warn("{}: could not queue alert {}: {}", lane.name(), alert.id(), e.toString());
            }
        }
    }

    /** Alerts dropped because a sink's queue was full, over all sinks, since start. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Lets queued alerts go out for up to the grace period, then stops the sinks' threads and
     * closes what {@link #create} built. The event stream is not closed here: the API serves it.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + grace.toNanos();
        lanes.forEach(lane -> lane.queue().stop());
        for (Lane lane : lanes) {
            lane.queue().awaitStop(deadline);
        }
        for (AutoCloseable part : owned) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
