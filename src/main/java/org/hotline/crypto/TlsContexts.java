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

    public static SSLContext server(StationCertificate certificate, Predicate<StationId> acceptedClients)
            throws GeneralSecurityException {
        return context(certificate, PeerTrust.clients(acceptedClients));
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
