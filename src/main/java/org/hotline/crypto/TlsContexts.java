package org.hotline.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.hotline.protocol.StationId;

/** TLS 1.3 contexts for federation: our station certificate on both ends, pinned trust. */
public final class TlsContexts {
    public static final String PROTOCOL = "TLSv1.3";

    private TlsContexts() {}

    /**
     * Beyond this session lifetime the JDK hands out no TLS 1.3 session tickets (RFC 8446 caps a
     * ticket's lifetime at 7 days), and without a ticket no client can resume a session.
     */
    static final int NO_SESSION_TICKETS = 7 * 24 * 3600 + 1;

    /**
     * The federation server's context. It offers no session resumption: a resumed handshake skips
     * the certificate check, so a stranger let in while an invitation was open could otherwise keep
     * completing handshakes after it closed. Every handshake runs {@code acceptedClients} afresh
     * (a full handshake costs about a millisecond, and connections are kept alive).
     */
    public static SSLContext server(StationCertificate certificate, Predicate<StationId> acceptedClients)
            throws GeneralSecurityException {
        SSLContext context = context(certificate, PeerTrust.clients(acceptedClients));
        context.getServerSessionContext().setSessionTimeout(NO_SESSION_TICKETS);
        context.getServerSessionContext().setSessionCacheSize(1);
        return context;
    }

    public static SSLContext client(StationCertificate certificate, StationId pinnedServer) throws GeneralSecurityException {
        return context(certificate, PeerTrust.server(pinnedServer));
    }

    /** Parameters for the client side: TLS 1.3 only, no host name identification (trust is the pin). */
    public static SSLParameters clientParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        return parameters;
    }

    private static SSLContext context(StationCertificate certificate, TrustManager trust) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        char[] password = new char[0];
        store.setKeyEntry("station", certificate.privateKey(), password, new Certificate[] {certificate.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(store, password);
        SSLContext context = SSLContext.getInstance(PROTOCOL);
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {trust}, new SecureRandom());
        return context;
    }
}
