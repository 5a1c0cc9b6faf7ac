package org.hotline.alert;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue drained by one virtual thread. {@link #offer} never blocks: when the queue is
 * full the oldest item is dropped (and handed to {@code onDrop}), because for an operator the
 * newest news matters most and the caller (a line's delivery or check-in thread) must never wait
 * on a slow mail server. Items that must be {@code kept} (an equivocation, a cut) are never
 * dropped to make room for others: a flood of routine items that a hostile peer can cause at
 * will must not push them out. Only when nothing but kept items is queued does a kept item go.
 */
final class SinkQueue<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SinkQueue.class);
    /** How often an idle worker looks whether it has been told to stop. */
    private static final long IDLE_POLL_MILLIS = 200;

    /** Does the work for one item; may throw, which is logged and does not stop the queue. */
    @FunctionalInterface
    interface Worker<T> {
        void handle(T item) throws Exception;
    }

    private final String name;
    private final BlockingQueue<T> queue;
    private final Worker<? super T> worker;
    private final Consumer<? super T> onDrop;
    private final Predicate<? super T> kept;
    private final Thread thread;
    private volatile boolean stopping;

    SinkQueue(String name, int capacity, Worker<? super T> worker, Consumer<? super T> onDrop) {
        this(name, capacity, worker, onDrop, item -> false);
    }

    SinkQueue(String name, int capacity, Worker<? super T> worker, Consumer<? super T> onDrop, Predicate<? super T> kept) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, not " + capacity);
        }
        this.name = name;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.worker = worker;
        this.onDrop = onDrop;
        this.kept = kept;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
        thread.start();
    }

    /**
     * Queues the item, dropping the oldest item that need not be kept if full (or this one, when
     * it need not be kept and everything queued must); returns false only once the queue is stopping.
     */
    synchronized boolean offer(T item) {
        if (stopping) {
            return false;
        }
        while (!queue.offer(item)) {
            T victim = null;
            for (T queued : queue) {
                if (!kept.test(queued)) {
                    victim = queued;
                    break;
                }
            }
            if (victim == null && !kept.test(item)) {
                onDrop.accept(item);
                return true;
            }
            if (victim == null) {
                victim = queue.peek();
            }
            if (victim != null && queue.remove(victim)) {
                onDrop.accept(victim);
            }
        }
        return true;
    }

    int size() {
        return queue.size();
    }

    /** Refuses new items; what is queued is still worked off until {@link #awaitStop}'s deadline. */
    void stop() {
        stopping = true;
    }

    /**
     * Waits until the queue is worked off or the time is up, then interrupts the worker (ending a
     * webhook's backoff sleep, for instance) and lets it go.
     */
    void awaitStop(long deadlineNanos) {
        stop();
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(1));
                int lost = queue.size();
                if (lost > 0) {
                    LOG.warn("{}: stopped with {} item(s) not handled", name, lost);
                }
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            T item;
            try {
                item = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            try {
                worker.handle(item);
            } catch (InterruptedException e) {
                return;
            } catch (Exception | LinkageError e) {
                // LinkageError too: a missing class in one channel must not end that channel for good.
                LOG.warn("{} failed: {}", name, e.toString());
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
