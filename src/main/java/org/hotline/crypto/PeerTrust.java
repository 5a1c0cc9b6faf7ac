package org.hotline.crypto;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;

/**
 * Trust by pinned station id, never by a certificate authority: the peer's certificate must be a
 * self-signed Ed25519 certificate whose key hashes to a station id the policy accepts. Anything
 * else fails the TLS handshake, before a byte of any request is read. Host names play no part,
 * which is why this is an extended trust manager: the JDK then leaves identification to it.
 */
public final class PeerTrust extends X509ExtendedTrustManager {
    private final Predicate<StationId> accepted;
    private final String side;

    private PeerTrust(Predicate<StationId> accepted, String side) {
        this.accepted = accepted;
        this.side = side;
    }

    /** For the federation server: accepts clients whose station id the predicate accepts. */
    public static PeerTrust clients(Predicate<StationId> accepted) {
        return new PeerTrust(accepted, "client");
    }

    /** For connecting to one peer: accepts exactly that station id. */
    public static PeerTrust server(StationId pinned) {
        return new PeerTrust(pinned::equals, "server");
    }

    /** The station id a certificate chain proves, or an exception saying why it proves none. */
    public static StationId stationIdOf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate presented");
        }
        X509Certificate certificate = chain[0];
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate is not self-signed by its own key", e);
        }
        return keyOf(chain).stationId();
    }

    /**
     * The Ed25519 key of a peer whose certificate the TLS handshake already checked with this
     * trust manager. Skips the self-signature check, which the JDK's Ed25519 makes cost about
     * 0.6 ms: too much to repeat on every request of a kept-alive connection.
     */
    public static VerifyingKey keyOf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate presented");
        }
        try {
            return Ed25519Encoding.fromJdkPublicKey(chain[0].getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        StationId id = stationIdOf(chain);
        if (!accepted.test(id)) {
            throw new CertificateException(side + " station " + id.display() + " is not a pinned peer");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
