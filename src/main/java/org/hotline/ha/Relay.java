package org.hotline.ha;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hotline.config.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's port, relayed byte for byte to the same port of the leader. TLS passes through
 * untouched, so a peer's handshake is with the leader itself and its pinned identity holds.
 */
final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final String name;
    private final ServerSocket server;
    private final Supplier<Optional<InetSocketAddress>> target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private Relay(String name, ServerSocket server, Supplier<Optional<InetSocketAddress>> target) {
        this.name = name;
        this.server = server;
        this.target = target;
    }

    static Relay start(String name, Address listen, Supplier<Optional<InetSocketAddress>> target) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(listen.host(), listen.port()), 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Relay relay = new Relay(name, server, target);
        Thread.ofVirtual().name("relay-" + name).start(relay::accept);
        return relay;
    }

    private void accept() {
        while (running) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().name("relay-" + name + "-connection").start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket leader = new Socket();
        open.add(client);
        open.add(leader);
        Optional<InetSocketAddress> to = target.get();
        if (to.isEmpty() || !running) {
            // No leader known, or this relay closed while the connection was being accepted.
            close(client);
            close(leader);
            open.remove(client);
            open.remove(leader);
            return;
        }
        try {
            leader.connect(to.get(), 2_000);
            client.setKeepAlive(true);
            leader.setKeepAlive(true);
            Thread upstream = Thread.ofVirtual().start(() -> pump(client, leader));
            pump(leader, client);
            upstream.join();
        } catch (IOException e) {
            LOG.debug("relay {}: leader at {} not reachable: {}", name, to.get(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(client);
            close(leader);
            open.remove(client);
            open.remove(leader);
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            // HTTP and TLS need no half-closed connection: when either side is done, so are both,
            // and the other direction's thread is not left waiting on a client that vanished.
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(Relay::close);
    }
}
