package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.config.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault proxy itself does what {@link LinkFaultsTest} relies on, against a plain TCP sink. */
@Timeout(20)
class FaultProxyTest {
    private Sink sink;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        sink = new Sink();
        proxy = new FaultProxy(sink.address());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        sink.close();
    }

    @Test
    void passForwardsEveryByteBothWays() throws IOException {
        byte[] data = random(200_000);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).as("the sink echoes").isEqualTo(data);
        }
        assertThat(proxy.bytesToTarget()).isEqualTo(data.length);
        assertThat(proxy.bytesToClient()).isEqualTo(data.length);
        assertThat(proxy.resets()).isZero();
    }

    @Test
    void dropResetsTheConnectionAfterTheGivenBytesTowardsTheTarget() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(random(100));
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.received() == 100);
            proxy.drop(1_000);
            OutputStream out = socket.getOutputStream();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    out.write(random(500));
                    Thread.sleep(5);
                }
                // the echo of the first bytes may still be in flight; the reset ends the stream
                socket.getInputStream().readAllBytes();
            }).isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.closed() == 1);
        assertThat(sink.received()).as("exactly the allowed bytes reached the target").isEqualTo(1_100);
        assertThat(proxy.resets()).isEqualTo(1);
        assertThat(proxy.drops()).isEqualTo(1);
    }

    @Test
    void blackholeSwallowsOpenAndNewConnectionsForGood() throws Exception {
        try (Socket old = connect()) {
            old.getOutputStream().write(random(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.received() == 10);
            proxy.blackhole();
            old.getOutputStream().write(random(10));
            try (Socket during = connect()) {
                during.getOutputStream().write(random(10));
                during.setSoTimeout(300);
                assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(proxy.connectionsAccepted()).isEqualTo(2);
                assertThat(sink.accepted()).as("nothing reaches the target, not even the connection").isEqualTo(1);

                proxy.pass();
                try (Socket after = connect()) {
                    after.getOutputStream().write(random(10));
                    await().atMost(Duration.ofSeconds(5)).until(() -> sink.received() == 20);
                }
                old.getOutputStream().write(random(10));
                during.getOutputStream().write(random(10));
                old.setSoTimeout(300);
                assertThatThrownBy(() -> old.getInputStream().readNBytes(11)).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(sink.received()).as("connections caught in the hole stay silent").isEqualTo(20);
                assertThat(sink.accepted()).isEqualTo(2);
                assertThat(proxy.swallowed()).isEqualTo(2);
            }
        }
    }

    @Test
    void throttleCapsTheRate() throws IOException {
        proxy.throttle(100 * 1024);
        byte[] data = random(150 * 1024);
        long started = System.nanoTime();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo(data);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // 150 KiB each way at 100 KiB/s: at least about 1.5 s (both ways run at once).
        assertThat(took).isGreaterThan(Duration.ofMillis(1_350)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void delayHoldsEveryChunk() throws IOException {
        proxy.delay(Duration.ofMillis(300));
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            socket.getOutputStream().write(new byte[] {42});
            assertThat(socket.getInputStream().read()).isEqualTo(42);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("held once each way").isGreaterThanOrEqualTo(Duration.ofMillis(600));
            proxy.pass();
            socket.getOutputStream().write(new byte[] {43});
            assertThat(socket.getInputStream().read()).isEqualTo(43);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.address().host(), proxy.address().port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Counts what it receives and echoes it back. */
    private static final class Sink implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Sink() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        accepted.incrementAndGet();
                        sockets.add(socket);
                        Thread.ofVirtual().start(() -> echo(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void echo(Socket socket) {
            byte[] buffer = new byte[8192];
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.addAndGet(read);
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // reset by the proxy
            } finally {
                closed.incrementAndGet();
            }
        }

        Address address() {
            return new Address("127.0.0.1", server.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        int closed() {
            return closed.get();
        }

        long received() {
            return received.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
