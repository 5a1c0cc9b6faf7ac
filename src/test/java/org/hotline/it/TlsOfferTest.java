package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.hotline.Station;
import org.hotline.crypto.TlsContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the federation port offers, seen from a client with a valid peer key: TLS 1.3 and its
 * AEAD suites only; TLS 1.2, a client without a certificate and plain HTTP are all refused.
 */
@Timeout(value = 60)
class TlsOfferTest {
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    @TempDir
    Path temp;

    private Station a;
    private Station b;
    private Path bDir;

    @BeforeEach
    void pair() throws Exception {
        a = TestStations.start(TestStations.init(temp.resolve("a"), "Blue House"));
        bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        b = TestStations.start(bDir);
        TestStations.pair(a, b, "liaison");
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void theRealPeerGetsTls13WithAnAeadSuite() throws Exception {
        try (SSLSocket socket = socket(peerContext(), new String[] {"TLSv1.3"}, null)) {
            socket.startHandshake();
            SSLSession session = socket.getSession();
            assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
            assertThat(session.getCipherSuite()).isIn(TLS13_SUITES);
            assertThat(session.getPeerPrincipal()).isNotNull();
        }
    }

    @Test
    void eachTls13SuiteIsAcceptedAlone() throws Exception {
        for (String suite : TLS13_SUITES) {
            try (SSLSocket socket = socket(peerContext(), new String[] {"TLSv1.3"}, new String[] {suite})) {
                socket.startHandshake();
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
            }
        }
    }

    @Test
    void tls12IsRefusedEvenWithAStrongSuiteAndTheRightKey() throws Exception {
        try (SSLSocket socket = socket(peerContext(), new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"})) {
            // The server answers with a protocol_version alert: the client offered, the server refused.
            assertThat(catchThrowable(socket::startHandshake)).isInstanceOf(SSLException.class)
                    .hasMessageContaining("protocol_version");
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
        anonymous.init(null, new javax.net.ssl.TrustManager[] {new TrustAnything()}, null);
        try (SSLSocket socket = socket(anonymous, new String[] {"TLSv1.3"}, null)) {
            // TLS 1.3 reports a refused client certificate on the first read, not in the handshake.
            Throwable failure = catchThrowable(() -> {
                socket.startHandshake();
                socket.getOutputStream().write("GET /federation/v1/hello HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                int read = socket.getInputStream().read();
                if (read == -1) {
                    throw new SSLException("closed without an answer");
                }
            });
            assertThat(failure).isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainHttpGetsNoHttpAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", a.federationPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write("GET /federation/v1/hello HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer;
            try {
                answer = socket.getInputStream().readNBytes(5);
            } catch (IOException e) {
                answer = new byte[0];
            }
            // Whatever comes back (a TLS alert, or nothing) is not HTTP, and names no station.
            assertThat(new String(answer, StandardCharsets.US_ASCII)).doesNotStartWith("HTTP/");
        }
    }

    private SSLContext peerContext() throws Exception {
        return TlsContexts.client(TestStations.certificate(bDir), a.identity().id());
    }

    private SSLSocket socket(SSLContext context, String[] protocols, String[] suites) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", a.federationPort());
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        socket.setEnabledProtocols(protocols);
        if (suites != null) {
            socket.setEnabledCipherSuites(suites);
        }
        return socket;
    }

    /** For the certificate-less client only: it must fail for lack of its own certificate, not ours. */
    private static final class TrustAnything implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
