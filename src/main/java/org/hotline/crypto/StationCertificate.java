package org.hotline.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hotline.protocol.SigningKey;

/**
 * The station's TLS certificate: self-signed by the station key itself. It carries no trust of its
 * own; peers pin the station id, which is the hash of the key inside.
 */
public record StationCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public static StationCertificate selfSigned(SigningKey key, Instant now) throws GeneralSecurityException {
        PrivateKey privateKey = Ed25519Encoding.jdkPrivateKey(key);
        X500Name subject = new X500Name("CN=hotline-" + key.verifyingKey().stationId().value());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                subject,
                Ed25519Encoding.jdkPublicKey(key.verifyingKey()));
        try {
            return new StationCertificate(
                    new JcaX509CertificateConverter().getCertificate(
                            builder.build(new JcaContentSignerBuilder("Ed25519").build(privateKey))),
                    privateKey);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the station certificate", e);
        }
    }
}
