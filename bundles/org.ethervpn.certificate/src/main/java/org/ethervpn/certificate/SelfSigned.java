package org.ethervpn.certificate;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ethervpn.api.tls.TlsIdentity;

/** Makes the self-signed RSA-2048 server certificate a fresh server starts with, as SoftEther does. */
final class SelfSigned {
    static final int KEY_BITS = 2048;
    static final Duration VALIDITY = Duration.ofDays(3650);

    // a private provider instance: nothing is registered JVM-wide
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private SelfSigned() {
    }

    static TlsIdentity create(String commonName) throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(KEY_BITS, new SecureRandom());
        KeyPair kp = kpg.generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "EtherVPN").build();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, kp.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(kp.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(BC).getCertificate(b.build(signer));
            cert.verify(kp.getPublic());
            return new TlsIdentity(kp.getPrivate(), List.of(cert));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot build the server certificate", e);
        }
    }
}
