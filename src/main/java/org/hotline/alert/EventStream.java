package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub behind {@code GET /api/v1/events}: a server-sent event stream on which every connected
 * client gets each alert (event {@code alert}) and each live event other code publishes (e.g.
 * {@code entry}, {@code ring}, {@code line}).
 *
 * <p>Each client has its own bounded queue and writer thread, so one slow or dead client cannot
 * hold up the others or the publisher. A client that falls so far behind that its queue overflows
 * is disconnected rather than silently given a stream with holes; it reconnects with
 * {@code Last-Event-ID} and is replayed what it missed from a short history. Event ids carry a
 * per-process epoch, so after a station restart a client's old id is recognised as stale and the
 * whole history is replayed. A comment every {@link #HEARTBEAT} keeps proxies from closing an idle
 * stream and finds clients that went away (the write fails).
 */
public final class EventStream implements AlertSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_CLIENT_QUEUE = 1000;
    public static final int DEFAULT_HISTORY = 256;
    public static final String ALERT_EVENT = "alert";
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /** What goes down one client's stream. */
    private sealed interface Frame permits Event, Comment {}

    private record Event(String type, String data, String id) implements Frame {}

    private record Comment(String text) implements Frame {}

    private final Object lock = new Object();
    private final Set<Client> clients = new HashSet<>(); // guarded by lock
    private final ArrayDeque<Event> history = new ArrayDeque<>(); // guarded by lock
    private final int historySize;
    private final int clientQueue;
    private final String epoch = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final AtomicLong clientNumbers = new AtomicLong();
    private final ScheduledExecutorService heartbeat;
    private long sequence; // guarded by lock
    private boolean closed; // guarded by lock

    public EventStream(Duration heartbeatEvery, int clientQueue, int historySize) {
        if (clientQueue < 1 || historySize < 0) {
            throw new IllegalArgumentException("clientQueue must be at least 1 and historySize not negative");
        }
        this.clientQueue = clientQueue;
        this.historySize = historySize;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("sse-heartbeat").factory());
        long millis = heartbeatEvery.toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    public EventStream() {
        this(HEARTBEAT, DEFAULT_CLIENT_QUEUE, DEFAULT_HISTORY);
    }

    /** The handler to register: {@code config.routes.sse("/api/v1/events", events.handler())}. */
    public Consumer<SseClient> handler() {
        return this::connect;
    }

    /**
     * The same as a plain GET {@link Handler}, for a route table of handlers:
     * {@code config.routes.get("/api/v1/events", events.sseHandler())} is what {@code routes.sse} does.
     */
    public Handler sseHandler() {
        Handler stream = new SseHandler(handler());
        return context -> {
            // Without this, a plain GET (curl, a browser tab) gets 200 and an empty, endless answer.
            String accept = context.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new HotlineException(ErrorCode.NOT_ACCEPTABLE, "this is a stream of server-sent events: send"
                        + " Accept: text/event-stream (e.g. curl -N -H 'Accept: text/event-stream' -H 'Authorization: Bearer TOKEN' URL)");
            }
            stream.handle(context);
        };
    }

    /** Sends the alert to every client as event {@code alert} with the alert's JSON. */
    @Override
    public void deliver(Alert alert) {
        broadcast(ALERT_EVENT, alert.toJson());
    }

    /**
     * Sends a live event to every client; never blocks. {@code payload} is written as JSON. A
     * payload that cannot be written is logged and dropped, so publishing never breaks the caller.
     *
     * @param type the SSE event name: lower case letters, digits and dashes; {@code alert} is
     *     reserved for {@link Alerts}, which also logs, mails and calls the webhook
     */
    public void publish(String type, Object payload) {
        requireNonNull(type, "type is null");
        requireNonNull(payload, "payload is null");
        if (!EVENT_TYPE.matcher(type).matches() || type.equals(ALERT_EVENT)) {
            throw new IllegalArgumentException("not an event type one may publish: '" + type + "'");
        }
        String data;
        try {
            data = AlertJson.write(payload);
        } catch (IllegalArgumentException e) {
            LOG.warn("event {} not published: {}", type, e.getMessage());
            return;
        }
        broadcast(type, data);
    }

    /** Clients connected now. */
    public int clients() {
        synchronized (lock) {
            return clients.size();
        }
    }

    private void broadcast(String type, String data) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Event event = new Event(type, data, epoch + "-" + ++sequence);
            if (historySize > 0) {
                if (history.size() == historySize) {
                    history.removeFirst();
                }
                history.addLast(event);
            }
            for (Client client : clients) {
                client.queue.offer(event);
            }
        }
    }

    private void connect(SseClient sse) {
        sse.keepAlive();
        Client client = new Client(sse, "sse-client-" + clientNumbers.incrementAndGet(), clientQueue);
        sse.onClose(() -> remove(client));
        String lastId = sse.ctx().header("Last-Event-ID");
        synchronized (lock) {
            if (closed) {
                client.stop();
                return;
            }
            // The first frame goes out at once, so a client knows it is attached before any event.
            client.queue.offer(new Comment("connected"));
            // Under the lock, so that no event is both replayed and sent live, or neither.
            replay(lastId).forEach(client.queue::offer);
            clients.add(client);
        }
        LOG.debug("{} connected from {}", client.name, sse.ctx().ip());
    }

    private List<Event> replay(String lastId) {
        if (lastId == null || lastId.isBlank()) {
            return List.of();
        }
        String prefix = epoch + "-";
        if (!lastId.startsWith(prefix)) {
            // An id from before a restart: everything we still have is news to that client.
            return List.copyOf(history);
        }
        long last;
        try {
            last = Long.parseLong(lastId.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return List.copyOf(history);
        }
        List<Event> missed = new ArrayList<>();
        for (Event event : history) {
            if (Long.parseLong(event.id().substring(prefix.length())) > last) {
                missed.add(event);
            }
        }
        return missed;
    }

    private void remove(Client client) {
        boolean removed;
        synchronized (lock) {
            removed = clients.remove(client);
        }
        client.queue.stop();
        if (removed) {
            LOG.debug("{} disconnected", client.name);
        }
    }

    private void beat() {
        synchronized (lock) {
            for (Client client : clients) {
                client.queue.offer(new Comment("heartbeat"));
            }
        }
    }

    /** Disconnects every client and stops the heartbeat; later connections are closed at once. */
    @Override
    public void close() {
        List<Client> connected;
        synchronized (lock) {
            closed = true;
            connected = List.copyOf(clients);
            clients.clear();
        }
        heartbeat.shutdownNow();
        connected.forEach(Client::stop);
    }

    /** One connected client; only its own worker thread writes to its stream. */
    private static final class Client {
        private final SseClient sse;
        private final String name;
        private final SinkQueue<Frame> queue;
        private volatile boolean lagging;

        Client(SseClient sse, String name, int capacity) {
            this.sse = sse;
            this.name = name;
            this.queue = new SinkQueue<>(name, capacity, this::send, dropped -> {
                if (!lagging) {
                    lagging = true;
                    LOG.warn("{} is too slow for the event stream; disconnecting it so it reconnects and catches up", name);
                }
            });
        }

        private void send(Frame frame) {
            if (lagging || sse.terminated()) {
                // Dropped events would leave a hole the client cannot see; closing makes it reconnect and replay.
                sse.close();
                return;
            }
            switch (frame) {
                case Event event -> sse.sendEvent(event.type(), event.data(), event.id());
                case Comment comment -> sse.sendComment(comment.text());
            }
        }

        void stop() {
            queue.stop();
            sse.close();
        }
    }
}
