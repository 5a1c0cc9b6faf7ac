package org.hotline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hotline.line.LineSummary;
import org.hotline.protocol.Entry;
import org.hotline.store.StoredEntry;

/**
 * The station's Prometheus metrics: per line its declared state, link, round trip, queue depth,
 * entries and missed-call streak (read from the line summaries at each scrape, so lines opened
 * later appear by themselves); counters of entries sent and received, calls answered and missed
 * and alerts raised; the delivery latency histogram; and the JVM's own metrics.
 */
public final class StationMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<LineGauge> gauges = new ArrayList<>();
    private final Timer deliveryLatency;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private record LineGauge(MultiGauge gauge, ToDoubleFunction<LineSummary> value) {}

    public StationMetrics(org.hotline.protocol.StationId self) {
        // Two of Micrometer's processor meters break Prometheus' naming rules (promtool warns): CPU time in
        // nanoseconds (process_cpu_usage says the same in the base unit) and a gauge ending in _count.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical.processors") : id;
            }
        });
        // (Filters first: Micrometer applies them only to meters registered after them.)
        gauge("hotline_line_state", "Declared state: 0 open, 1 suspended, 2 restore proposed", summary -> switch (summary.state()) {
            case "open" -> 0;
            case "suspended" -> 1;
            default -> 2;
        });
        gauge("hotline_link_up", "1 if the last heartbeat reached the peer", summary -> summary.linkUp() ? 1 : 0);
        gauge("hotline_link_round_trip_seconds", "Round trip of the last heartbeat",
                summary -> summary.roundTripMicros().map(micros -> micros / 1e6).orElse(Double.NaN));
        gauge("hotline_queue_depth", "Entries waiting for delivery, drafts included", LineSummary::queued);
        gauge("hotline_own_entries", "Seq of this station's newest entry on the line", LineSummary::ownEntries);
        gauge("hotline_peer_entries", "Seq of the peer's newest entry stored here", LineSummary::peerEntries);
        gauge("hotline_missed_call_streak", "Our calls in a row that went unanswered", LineSummary::missedStreak);
        gauge("hotline_ringing_calls", "The peer's watch-test calls ringing here", LineSummary::ringing);
        deliveryLatency = Timer.builder("hotline_delivery_latency")
                .description("From an entry being stored here to the peer's signed receipt for it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.self = self;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private final org.hotline.protocol.StationId self;

    private void gauge(String name, String description, ToDoubleFunction<LineSummary> value) {
        gauges.add(new LineGauge(MultiGauge.builder(name).description(description).register(registry), value));
    }

    /** For the transcript writer: counts entries written here and received from the peer. */
    public void committed(List<StoredEntry> entries) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (StoredEntry stored : entries) {
            Entry entry = stored.signed().entry();
            counts.merge((entry.author().equals(self) ? "sent" : "received") + " " + entry.body().type(), 1, Integer::sum);
        }
        counts.forEach((key, count) -> {
            String direction = key.substring(0, key.indexOf(' '));
            Counter.builder("hotline_entries_" + direction)
                    .description("Entries " + direction + " (stored here)")
                    .tags("type", key.substring(key.indexOf(' ') + 1))
                    .register(registry)
                    .increment(count);
        });
    }

    public void delivered(Duration latency) {
        deliveryLatency.record(latency);
    }

    public void call(String outcome) {
        Counter.builder("hotline_calls").description("Our check-in calls by outcome").tags("outcome", outcome).register(registry).increment();
    }

    public void alert(String kind) {
        Counter.builder("hotline_alerts").description("Alerts raised, by kind").tags("kind", kind).register(registry).increment();
    }

    /** A batch from the peer refused for the line's storage quota. */
    public void quotaRefused(String line) {
        Counter.builder("hotline_quota_refusals").description("Peer batches refused for the line's storage quota").tags("line", line)
                .register(registry).increment();
    }

    /** The Prometheus text exposition, with the line gauges set from these summaries. */
    public String scrape(List<LineSummary> summaries) {
        for (LineGauge line : gauges) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (LineSummary summary : summaries) {
                double value = line.value().applyAsDouble(summary);
                rows.add(MultiGauge.Row.of(Tags.of("line", summary.name()), () -> value));
            }
            line.gauge().register(rows, true);
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
