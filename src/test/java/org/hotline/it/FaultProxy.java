package org.hotline.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.config.Address;

/**
 * A TCP proxy on a free loopback port that forwards to a target and misbehaves on demand, for
 * testing what a line does when the network between two stations does. It copies bytes blindly
 * (the stations speak TLS through it) and can be switched at any time between:
 *
 * <ul>
 *   <li>{@linkplain #pass() pass}: forward everything as it comes;
 *   <li>{@linkplain #delay(Duration) delay}: hold every chunk for a while before forwarding it;
 *   <li>{@linkplain #drop(long) drop}: reset every connection once it has carried a number of
 *       bytes towards the target from the moment it was switched on, i.e. in the middle of a request;
 *   <li>{@linkplain #blackhole() blackhole}: forward nothing and stop reading; connections opened
 *       meanwhile are accepted and left hanging. Every connection caught in the blackhole stays
 *       silent for good, as when a firewall or NAT on the path forgot it: only connections opened
 *       after the blackhole carry traffic again;
 *   <li>{@linkplain #throttle(long) throttle}: at most so many bytes a second each way, shared by
 *       all connections as on one narrow link.
 * </ul>
 *
 * {@link #close()} closes the listening socket and every connection.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;

    /** What the proxy does with the bytes it carries. */
    public sealed interface Mode {}

    public record Pass() implements Mode {}

    public record Delay(Duration perChunk) implements Mode {}

    public record Drop(long afterBytes) implements Mode {}

    public record Blackhole() implements Mode {}

    public record Throttle(long bytesPerSecond) implements Mode {}

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Limiter towardsTarget = new Limiter();
    private final Limiter towardsClient = new Limiter();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger swallowed = new AtomicInteger();
    private volatile InetSocketAddress target;
    private volatile Mode mode = new Pass();
    private volatile boolean closed;

    /** Listens on a free loopback port; connections are refused (reset) until {@link #target} is set. */
    public FaultProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("fault-proxy-" + server.getLocalPort()).start(this::acceptLoop);
    }

    public FaultProxy(Address target) throws IOException {
        this();
        target(target);
    }

    public FaultProxy target(Address target) {
        this.target = new InetSocketAddress(target.host(), target.port());
        return this;
    }

    /** Where clients connect. */
    public Address address() {
        return new Address("127.0.0.1", server.getLocalPort());
    }

    public Mode mode() {
        return mode;
    }

    public synchronized void pass() {
        mode = new Pass();
    }

    public synchronized void delay(Duration perChunk) {
        mode = new Delay(perChunk);
    }

    /** Resets every connection, open now or opened later, once it has carried {@code afterBytes} more bytes towards the target. */
    public synchronized void drop(long afterBytes) {
        if (afterBytes < 0) {
            throw new IllegalArgumentException("afterBytes < 0");
        }
        for (Connection connection : connections) {
            connection.budget.set(afterBytes);
        }
        mode = new Drop(afterBytes);
    }

    /** Resets every connection open now (except those lost in a blackhole), whatever the mode. */
    public void resetAll() {
        for (Connection connection : connections) {
            if (!connection.lost) {
                connection.reset();
            }
        }
    }

    public synchronized void blackhole() {
        mode = new Blackhole();
        for (Connection connection : connections) {
            if (!connection.lost) {
                connection.lost = true;
                swallowed.incrementAndGet();
            }
        }
    }

    public synchronized void throttle(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond <= 0");
        }
        towardsTarget.restart();
        towardsClient.restart();
        mode = new Throttle(bytesPerSecond);
    }

    /** Bytes forwarded towards the target, and towards clients, since the proxy started. */
    public long bytesToTarget() {
        return bytesToTarget.get();
    }

    public long bytesToClient() {
        return bytesToClient.get();
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections the proxy reset on purpose (drop mode, {@link #resetAll()}). */
    public int resets() {
        return resets.get();
    }

    /** Connections reset in drop mode, having carried their allowance of bytes: cut in mid-stream. */
    public int drops() {
        return drops.get();
    }

    /** Connections caught in a blackhole. */
    public int swallowed() {
        return swallowed.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            Connection connection = new Connection(client);
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            Thread.ofVirtual().name("fault-proxy-connection").start(connection::open);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Connection connection : connections) {
            connection.close();
        }
        connections.clear();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One client connection and, once opened, its connection to the target. */
    private final class Connection {
        private final Socket client;
        private volatile Socket upstream;
        /** In drop mode: bytes this connection may still carry towards the target. */
        final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
        /** Caught in a blackhole: never forwards again. */
        volatile boolean lost;
        private final AtomicInteger pumpsRunning = new AtomicInteger(2);

        Connection(Socket client) {
            this.client = client;
        }

        void open() {
            synchronized (FaultProxy.this) {
                if (lost || mode instanceof Blackhole) {
                    // Accepted, then nothing: the client waits on a peer that never speaks.
                    if (!lost) {
                        lost = true;
                        swallowed.incrementAndGet();
                    }
                    return;
                }
                if (mode instanceof Drop drop) {
                    budget.set(drop.afterBytes());
                }
            }
            InetSocketAddress to = target;
            try {
                if (to == null) {
                    throw new IOException("no target yet");
                }
                Socket socket = new Socket();
                socket.connect(to, 5_000);
                socket.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                upstream = socket;
            } catch (IOException e) {
                abort();
                return;
            }
            Thread.ofVirtual().name("fault-proxy-to-target").start(() -> pump(client, upstream, true));
            pump(upstream, client, false);
        }

        private void pump(Socket from, Socket to, boolean towardsTargetSide) {
            byte[] buffer = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    Mode now = mode;
                    if (lost || now instanceof Blackhole) {
                        goSilent();
                        return;
                    }
                    int max = now instanceof Throttle throttle
                            ? (int) Math.max(1, Math.min(CHUNK, throttle.bytesPerSecond() / 20))
                            : CHUNK;
                    int read = in.read(buffer, 0, max);
                    if (read < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    now = mode;
                    int forward = read;
                    boolean resetAfter = false;
                    switch (now) {
                        case Pass pass -> { }
                        case Blackhole blackhole -> {
                            // What was read when the hole opened is lost with the connection.
                            goSilent();
                            return;
                        }
                        case Delay delay -> Thread.sleep(delay.perChunk());
                        case Throttle throttle -> (towardsTargetSide ? towardsTarget : towardsClient).take(read, throttle.bytesPerSecond());
                        case Drop drop -> {
                            if (towardsTargetSide) {
                                long left = budget.addAndGet(-read);
                                if (left < 0) {
                                    forward = (int) Math.max(0, read + left);
                                    resetAfter = true;
                                }
                            }
                        }
                    }
                    if (lost || mode instanceof Blackhole) {
                        goSilent();
                        return;
                    }
                    if (forward > 0) {
                        out.write(buffer, 0, forward);
                        out.flush();
                        (towardsTargetSide ? bytesToTarget : bytesToClient).addAndGet(forward);
                    }
                    if (resetAfter) {
                        drops.incrementAndGet();
                        reset();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            } catch (IOException e) {
                // One side went away (or was reset by us): the other goes with it.
                close();
            } finally {
                if (pumpsRunning.decrementAndGet() == 0 && !lost) {
                    close();
                }
            }
        }

        /** Kept open, unread, until the proxy closes: the ends see neither data nor a close. */
        private void goSilent() {
            lost = true;
        }

        /** An abortive close (RST) of both ends, counted as a fault the proxy caused. */
        void reset() {
            resets.incrementAndGet();
            abort();
        }

        private void abort() {
            for (Socket socket : new Socket[] {client, upstream}) {
                if (socket != null) {
                    try {
                        socket.setSoLinger(true, 0);
                    } catch (SocketException ignored) {
                        // already closed
                    }
                }
            }
            close();
        }

        void close() {
            for (Socket socket : new Socket[] {client, upstream}) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            if (!lost || closed) {
                connections.remove(this);
            }
        }
    }

    /** Paces bytes to a rate, shared by every connection going one way. */
    private static final class Limiter {
        private long nextFree = System.nanoTime();

        synchronized void restart() {
            nextFree = System.nanoTime();
        }

        void take(int bytes, long bytesPerSecond) throws InterruptedException {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextFree);
                nextFree = start + bytes * 1_000_000_000L / bytesPerSecond;
                wait = nextFree - now;
            }
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
