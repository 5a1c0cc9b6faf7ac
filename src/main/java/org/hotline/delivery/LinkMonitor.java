package org.hotline.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.protocol.LineId;
import org.hotline.store.LineRecord;
import org.hotline.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats every few seconds on every line tell whether the link is up; any successful exchange
 * with the peer also counts as contact. A heartbeat is not a check-in call and writes no entry.
 * A heartbeat that gets no answer in time means the path went silent (a partition, a firewall that
 * forgot the connection): the line's client is then renewed, so that nothing waits on a
 * connection that died without a word, both then and once the heartbeat gets through again.
 */
public final class LinkMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);

    private final Peers peers;
    private final Clock clock;
    private final Duration interval;
    private final Map<LineId, LinkStatus> statuses = new ConcurrentHashMap<>();
    /** Why the peer last refused our batch (or its receipt was bad); kept until a batch is delivered. */
    private final Map<LineId, String> refusals = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<LineId>> upListeners = new CopyOnWriteArrayList<>();
    private final Map<LineId, java.time.Instant> downSince = new ConcurrentHashMap<>();
    private final java.util.Set<LineId> alarmed = ConcurrentHashMap.newKeySet();
    /** Lines whose last heartbeats got no answer in time. */
    private final java.util.Set<LineId> silent = ConcurrentHashMap.newKeySet();
    /** Lines whose peer's answers broke a limit since a batch was last delivered: one alert per episode. */
    private final java.util.Set<LineId> misbehaving = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.BiConsumer<LineRecord, String> onMisbehaving = (line, error) -> { };
    private volatile Duration alarmAfter = Duration.ofDays(3650);
    private volatile DownTooLong alarm = (line, downFor, error) -> { };

    /** Told once per outage, when a link has been down for longer than the threshold. */
    public interface DownTooLong {
        void alarm(LineRecord line, Duration downFor, String error);
    }

    public void onDownTooLong(Duration threshold, DownTooLong listener) {
        this.alarmAfter = threshold;
        this.alarm = listener;
    }
    private volatile boolean running = true;

    public LinkMonitor(Peers peers, Clock clock, Duration interval) {
        this.peers = peers;
        this.clock = clock;
        this.interval = interval;
    }

    public LinkStatus status(LineId line) {
        LinkStatus status = statuses.getOrDefault(line, LinkStatus.UNKNOWN);
        String refusal = refusals.get(line);
        return refusal == null ? status : new LinkStatus(status.up(), status.lastContact(), status.roundTrip(), Optional.of(refusal));
    }

    public void watch(LineRecord line) {
        threads.add(Thread.ofVirtual().name("heartbeat-" + line.name()).start(() -> loop(line)));
    }

    /** Called, on the monitor's thread, whenever a link comes up after being down or unknown. */
    public void onLinkUp(java.util.function.Consumer<LineId> listener) {
        upListeners.add(listener);
    }

    public void contact(LineId line, Optional<Duration> roundTrip) {
        downSince.remove(line);
        alarmed.remove(line);
        LinkStatus before = statuses.get(line);
        statuses.compute(line, (id, old) -> new LinkStatus(
                true,
                Optional.of(clock.instant()),
                roundTrip.isPresent() ? roundTrip : (old == null ? Optional.empty() : old.roundTrip()),
                Optional.empty()));
        if (before == null || !before.up()) {
            upListeners.forEach(listener -> listener.accept(line));
        }
    }

    /**
     * The peer answered but refused our batch, or answered it with an unacceptable receipt. Unlike
     * a transport failure this is not cleared by the next heartbeat: the link is up, yet nothing
     * gets through, and the operator must see why until a batch is delivered again.
     */
    public void refused(LineRecord line, String error) {
        refusals.put(line.id(), error);
    }

    /** Told once per episode when a peer's answer on a line breaks a limit (too large, too slow). */
    public void onMisbehaving(java.util.function.BiConsumer<LineRecord, String> listener) {
        this.onMisbehaving = listener;
    }

    /**
     * The peer's answer broke a limit and was abandoned. Shown to the operator like a refusal, and
     * alerted once until a batch is delivered again, however often the peer repeats it.
     */
    public void misbehaved(LineRecord line, String error) {
        refusals.put(line.id(), error);
        if (misbehaving.add(line.id())) {
            LOG.error("line {}: the peer's answer was refused: {}", line.name(), error);
            onMisbehaving.accept(line, error);
        }
    }

    /** A batch of ours was delivered and its receipt accepted. */
    public void delivered(LineId line) {
        refusals.remove(line);
        misbehaving.remove(line);
    }

    public void failure(LineRecord line, String error) {
        statuses.compute(line.id(), (id, old) -> {
            LinkStatus previous = old == null ? LinkStatus.UNKNOWN : old;
            if (previous.up()) {
                LOG.warn("link down on line {}: {}", line.name(), Printable.line(error));
            }
            return new LinkStatus(false, previous.lastContact(), previous.roundTrip(), Optional.of(error));
        });
        java.time.Instant since = downSince.computeIfAbsent(line.id(), id -> clock.instant());
        Duration downFor = Duration.between(since, clock.instant());
        if (downFor.compareTo(alarmAfter) >= 0 && alarmed.add(line.id())) {
            alarm.alarm(line, downFor, error);
        }
    }

    /**
     * How long a heartbeat may take: twice the interval, at least three seconds, at most the
     * timeout of any request. A tiny request the peer cannot answer in that time means the path
     * is silent, and the link is shown down within seconds rather than after half a minute.
     */
    static Duration heartbeatTimeout(Duration interval) {
        Duration twice = interval.multipliedBy(2);
        Duration floor = Duration.ofSeconds(3);
        Duration ceiling = Duration.ofSeconds(30);
        return twice.compareTo(floor) < 0 ? floor : twice.compareTo(ceiling) > 0 ? ceiling : twice;
    }

    private void loop(LineRecord line) {
        Duration timeout = heartbeatTimeout(interval);
        while (running) {
            long started = System.nanoTime();
            PeerClient client = peers.client(line);
            try {
                client.heartbeat(line.id(), timeout);
                if (silent.remove(line.id())) {
                    // The path speaks again, but what was sent into the silence (a batch, say)
                    // may wait on a dead connection until its own timeout: start afresh.
                    peers.renew(line, client);
                }
                boolean wasUp = status(line.id()).up();
                contact(line.id(), Optional.of(Duration.ofNanos(System.nanoTime() - started)));
                if (!wasUp) {
                    LOG.info("link up on line {}", line.name());
                }
            } catch (IOException | PeerRefusedException | RuntimeException e) {
                if (e instanceof BoundedBody.TooLargeException || e instanceof BoundedBody.TooSlowException) {
                    misbehaved(line, e.getMessage());
                }
                if (timedOut(e)) {
                    // No answer at all, not even a refusal: the connections may be dead without
                    // knowing it. New ones for whatever is sent next; what is in flight fails now.
                    silent.add(line.id());
                    peers.renew(line, client);
                }
                failure(line, Failures.describe(e));
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
