package org.hotline.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server on a free loopback port standing in for an alert receiver. It checks the
 * signature itself, with its own copy of the secret and its own HMAC code (not the sink's), and
 * answers from a script of status codes: first the scripted ones, then 200 — but never 200 to a
 * body whose signature does not match (401, as a careful receiver would).
 */
final class WebhookReceiver implements AutoCloseable {
    record Received(String signature, String alertId, String contentType, byte[] body, boolean signatureValid, int answered) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final String secret;
    private final Deque<Integer> script = new ArrayDeque<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret, Integer... statuses) throws IOException {
        this.secret = secret;
        script.addAll(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/hotline", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Hotline-Signature");
            boolean valid = signature != null && MessageDigest.isEqual(
                    signature.getBytes(StandardCharsets.US_ASCII), expected(body).getBytes(StandardCharsets.US_ASCII));
            int status;
            synchronized (script) {
                status = script.isEmpty() ? 200 : script.removeFirst();
            }
            if (status == 200 && !valid) {
                status = 401;
            }
            received.add(new Received(signature, exchange.getRequestHeaders().getFirst("X-Hotline-Alert-Id"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, valid, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The signature computed here, independently of the code under test. */
    String expected(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/hotline");
    }

    long accepted() {
        return received.stream().filter(r -> r.answered() == 200).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
