package org.hotline.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Turns a listen address with port 0 into one with a port that is free now. */
public final class FreePort {
    private FreePort() {}

    public static Address resolve(Address listen) {
        if (listen.port() != 0) {
            return listen;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(listen.host()))) {
            return listen.withPort(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + listen.host(), e);
        }
    }
}
