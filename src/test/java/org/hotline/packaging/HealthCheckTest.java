package org.hotline.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The image's health check tells a healthy answer from an unhealthy one and from none at all. */
class HealthCheckTest {
    @Test
    void reportsTheStatusOrMinusOneWhenNothingAnswers() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(HealthCheck.check(URI.create(base + "/api/v1/health"))).isEqualTo(200);
            assertThat(HealthCheck.check(URI.create(base + "/down"))).isEqualTo(503);
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(HealthCheck.check(URI.create("http://127.0.0.1:" + closed + "/api/v1/health"))).isEqualTo(-1);
    }
}
