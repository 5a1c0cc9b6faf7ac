package org.hotline.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A client of a server-sent event stream, as a browser's EventSource would be: reads the stream on
 * its own thread and parses it into events (event, data, id) and comments.
 */
final class SseReader implements AutoCloseable {
    record Event(String type, String data, String id) {}

    private final Stream<String> lines;
    private final Thread thread;
    /** Every event in arrival order; {@link #next} takes from it without dropping events of other types. */
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Set<Event> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<String> comments = new CopyOnWriteArrayList<>();
    final int status;
    volatile boolean ended;

    private SseReader(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        this.thread = Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    static SseReader open(HttpClient http, URI url, Optional<String> lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
        lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
        return new SseReader(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read() {
        String type = "message";
        StringBuilder data = new StringBuilder();
        String id = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(type, data.toString(), id));
                    }
                    type = "message";
                    data.setLength(0);
                    id = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> type = value;
                        case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                        case "id" -> id = value;
                        default -> { }
                    }
                }
            }
        } catch (RuntimeException e) {
            // The stream was closed under us: the end, as for a browser.
        } finally {
            ended = true;
        }
    }

    /** The oldest event of the given type not yet taken; empty if none comes in time. */
    Optional<Event> next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (taken) {
                for (Event event : events) {
                    if (event.type().equals(type) && taken.add(event)) {
                        return Optional.of(event);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(10);
        }
    }

    /** Every event not yet taken, after waiting a moment for stragglers. */
    List<Event> untaken(Duration wait) throws InterruptedException {
        Thread.sleep(wait);
        synchronized (taken) {
            return events.stream().filter(event -> !taken.contains(event)).toList();
        }
    }

    @Override
    public void close() {
        lines.close();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
