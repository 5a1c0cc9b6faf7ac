package org.hotline.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.hotline.config.Address;
import org.hotline.crypto.Ed25519Encoding;
import org.hotline.crypto.StationCertificate;
import org.hotline.crypto.TlsContexts;
import org.hotline.protocol.LineId;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;

/**
 * Talks to one peer station over HTTPS with mutual TLS, pinned to the peer's station id: any other
 * key fails the handshake. One client (and connection pool) per peer.
 */
public final class PeerClient implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The largest answer read from a peer. Every federation answer is small (a signed receipt, a
     * refusal, a heartbeat, a hello: well under 4 KiB); anything larger is a peer misbehaving.
     */
    static final long MAX_ANSWER_BYTES = 64 * 1024;
    /** The longest station name accepted from a peer, as {@code station.name} allows for our own (the rest of the rule: Names). */
    static final int MAX_NAME_LENGTH = org.hotline.text.Names.MAX_LENGTH;
    private static final int EXPECT_CONTINUE_ABOVE = 64 * 1024;

    private final StationId peer;
    private final URI base;
    private final HttpClient http;
    private volatile boolean retired;

    public PeerClient(StationCertificate certificate, StationId peer, Address address) throws GeneralSecurityException {
        this.peer = peer;
        this.base = URI.create("https://" + address + "/federation/v1/");
        this.http = HttpClient.newBuilder()
                .sslContext(TlsContexts.client(certificate, peer))
                .sslParameters(TlsContexts.clientParameters())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public StationId peer() {
        return peer;
    }

    /** The peer's name, and its key as its certificate proved it. */
    public record Introduction(String name, VerifyingKey key) {}

    public Introduction hello() throws IOException, PeerRefusedException {
        HttpResponse<byte[]> response = send(get("hello"));
        Wire.Hello hello = parse(response, Wire.Hello.class);
        VerifyingKey key = peerKey(response);
        if (hello.station() == null || !key.stationId().equals(StationId.parse(hello.station()))) {
            throw new UnacceptableAnswerException("peer's hello names another station than its certificate");
        }
        // The name is stored and shown to operators: the same bound as the name a pairing station gives us.
        String name = hello.name() == null ? "" : hello.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new UnacceptableAnswerException("peer's hello gives no station name of 1-" + MAX_NAME_LENGTH + " characters (it gave "
                    + name.length() + ")");
        }
        return new Introduction(name, key);
    }

    public Wire.PairResponse pair(Wire.PairRequest request) throws IOException, PeerRefusedException {
        return parse(send(post("pair", request)), Wire.PairResponse.class);
    }

    /** Pushes a batch; returns the peer's signed receipt (not yet verified). */
    public SignedReceipt push(LineId line, List<SignedEntry> batch) throws IOException, PeerRefusedException {
        Wire.Delivered delivered = parse(send(post("lines/" + line.value() + "/entries", Wire.Batch.of(batch))), Wire.Delivered.class);
        try {
            return SignedReceipt.parseBase64(delivered.receipt().bytes(), delivered.receipt().sig());
        } catch (ProtocolException | RuntimeException e) {
            throw new IOException("peer sent an unreadable receipt: " + e.getMessage(), e);
        }
    }

    public Wire.Heartbeat heartbeat(LineId line) throws IOException, PeerRefusedException {
        return heartbeat(line, REQUEST_TIMEOUT);
    }

    /** A heartbeat that gives up after {@code timeout}: a peer that cannot answer one that fast is not reachable. */
    public Wire.Heartbeat heartbeat(LineId line, Duration timeout) throws IOException, PeerRefusedException {
        return parse(send(get("lines/" + line.value() + "/heartbeat", timeout)), Wire.Heartbeat.class);
    }

    /**
     * Takes this client out of service at once: its connections are closed and whatever is in
     * flight on them fails now with an {@link IOException}, instead of waiting for an answer that
     * may never come.
     */
    public void retire() {
        retired = true;
        http.shutdownNow();
    }

    /** Whether {@link #retire()} was called: a request that failed on a retired client is worth repeating on a new one. */
    public boolean retired() {
        return retired;
    }

    /** The whole answer, headers and body, must arrive within the request's timeout. */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return BoundedBody.send(http, request, MAX_ANSWER_BYTES, request.timeout().orElse(REQUEST_TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest get(String path) {
        return get(path, REQUEST_TIMEOUT);
    }

    private HttpRequest get(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
    }

    private HttpRequest post(String path, Object body) throws IOException {
        byte[] bytes = Wire.JSON.writeValueAsBytes(body);
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                // A large body waits for the peer's go-ahead: a peer that refuses it as too large
                // answers 413 before a byte of it is sent, instead of closing the connection under
                // us mid-body (which can lose its answer).
                .expectContinue(bytes.length > EXPECT_CONTINUE_ABOVE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    private static <T> T parse(HttpResponse<byte[]> response, Class<T> type) throws IOException, PeerRefusedException {
        if (response.statusCode() / 100 != 2) {
            Wire.Refusal refusal;
            try {
                refusal = Wire.JSON.readValue(response.body(), Wire.Refusal.class);
            } catch (IOException e) {
                refusal = new Wire.Refusal("HTTP_" + response.statusCode(), "peer answered " + response.statusCode(), null);
            }
            if (response.statusCode() >= 500) {
                throw new IOException("peer failed: " + refusal.reason());
            }
            throw new PeerRefusedException(response.statusCode(), refusal, retryAfter(response));
        }
        try {
            return Wire.JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new IOException("peer sent an unreadable answer: " + e.getMessage(), e);
        }
    }

    /** Retry-After in seconds, at most a day: the peer chose it, and must not park the line for good. */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(text -> {
            try {
                long seconds = Long.parseLong(text.strip());
                return seconds < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofSeconds(Math.min(seconds, 24 * 3600)));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static VerifyingKey peerKey(HttpResponse<?> response) throws IOException {
        SSLSession session = response.sslSession().orElseThrow(() -> new IOException("no TLS session"));
        try {
            Certificate[] chain = session.getPeerCertificates();
            X509Certificate[] certificates = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                certificates[i] = (X509Certificate) chain[i];
            }
            org.hotline.crypto.PeerTrust.stationIdOf(certificates);
            return Ed25519Encoding.fromJdkPublicKey(certificates[0].getPublicKey());
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            throw new IOException("peer certificate unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
