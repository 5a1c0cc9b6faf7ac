package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.hotline.Station;
import org.hotline.crypto.TlsContexts;
import org.hotline.line.IssuedInvitation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger may complete a handshake with the federation port only while an invitation is open.
 * Once the invitation is redeemed (by someone else), the stranger's next handshake must be refused
 * even though its TLS client still holds the session of the first one: a resumed TLS 1.3 session
 * skips the certificate check, so the port must not offer resumption at all.
 */
@Timeout(value = 60)
class TlsResumptionTest {
    @TempDir
    Path temp;

    private Station a;
    private Station d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aStrangersResumedHandshakeIsRefusedOnceTheInvitationIsRedeemed() throws Exception {
        a = TestStations.start(TestStations.init(temp.resolve("a"), "Blue House"));
        Path cDir = TestStations.init(temp.resolve("c"), "A stranger");
        d = TestStations.start(TestStations.init(temp.resolve("d"), "The invited party"));
        IssuedInvitation invitation = a.lines().invite("liaison", Optional.empty());
        // One client context for both attempts: it keeps whatever session tickets A hands out.
        SSLContext stranger = TlsContexts.client(TestStations.certificate(cDir), a.identity().id());

        assertThat(hello(stranger)).as("while the invitation is open").startsWith("HTTP/1.1 200");

        d.lines().accept(invitation.invitation(), Optional.empty());
        assertThat(a.store().anyInvitationOpen(java.time.Instant.now())).isFalse();

        assertThat(hello(stranger)).as("after the invitation was redeemed").isEqualTo("HANDSHAKE_REFUSED");
    }

    /** The status line of a hello over a new connection, or HANDSHAKE_REFUSED when TLS fails. */
    private String hello(SSLContext context) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", a.federationPort())) {
            socket.setSoTimeout(10_000);
            socket.setSSLParameters(TlsContexts.clientParameters());
            socket.startHandshake();
            socket.getOutputStream().write("GET /federation/v1/hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Reading the whole answer also takes in the session ticket A sent after the handshake.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.lines().findFirst().orElse("");
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return "HANDSHAKE_REFUSED";
        }
    }
}
