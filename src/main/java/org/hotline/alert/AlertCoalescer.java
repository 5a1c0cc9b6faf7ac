package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hotline.protocol.LineId;

/**
 * One alert per line and kind per window: the first goes out at once, the rest of the window's
 * are counted and go out as one alert at its end ("and 2,999 more flash messages"). A peer that
 * sends 3,000 flash messages thus raises two alerts on every channel, not 3,000; a window with
 * nothing more to report ends the episode, and the next alert goes out at once again.
 */
final class AlertCoalescer implements AutoCloseable {
    private record Key(LineId line, AlertKind kind) {}

    /** An open window: how many alerts it held back, and the latest of them. */
    private static final class Window {
        long held;
        Alert latest;
    }

    private final Duration window;
    private final Consumer<Alert> out;
    private final ScheduledExecutorService timer;
    private final Map<Key, Window> open = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /** {@code window} zero passes every alert straight on. */
    AlertCoalescer(Duration window, Consumer<Alert> out) {
        this.window = requireNonNull(window, "window is null");
        this.out = requireNonNull(out, "out is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("alert-coalescer").factory());
    }

    void raise(Alert alert) {
        if (window.isZero()) {
            out.accept(alert);
            return;
        }
        Key key = new Key(alert.lineId(), alert.kind());
        synchronized (this) {
            Window current = open.get(key);
            if (current != null) {
                current.held++;
                current.latest = alert;
                return;
            }
            if (!closed) {
                open.put(key, new Window());
                timer.schedule(() -> endWindow(key), window.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        out.accept(alert);
    }

    private void endWindow(Key key) {
        Alert summary;
        synchronized (this) {
            Window ended = open.remove(key);
            if (ended == null || ended.held == 0) {
                return;
            }
            summary = summary(ended);
            if (!closed) {
                // What follows within the next window is held back in its turn.
                open.put(key, new Window());
                timer.schedule(() -> endWindow(key), window.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        out.accept(summary);
    }

    private Alert summary(Window ended) {
        Alert latest = ended.latest;
        String more = String.format(Locale.ROOT, "%,d", ended.held);
        String detail = "and " + more + " more " + latest.kind().plural() + " on line " + latest.lineName()
                + " within " + window.toSeconds() + " s; the latest: " + latest.detail();
        return new Alert(UUID.randomUUID().toString(), latest.kind(), latest.lineName(), latest.lineId(), latest.title(), detail,
                latest.at());
    }

    /** Sends what open windows held back, then stops the timer. */
    @Override
    public void close() {
        List<Alert> summaries = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Window held : open.values()) {
                if (held.held > 0) {
                    summaries.add(summary(held));
                }
            }
            open.clear();
        }
        timer.shutdownNow();
        summaries.forEach(out);
    }
}
