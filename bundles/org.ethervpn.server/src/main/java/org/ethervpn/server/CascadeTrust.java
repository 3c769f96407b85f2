package org.ethervpn.server;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.tls.ServerTrust;

/**
 * How a cascade checks its server's certificate ({@link CascadeOptions#checkServerCert()}): off,
 * any certificate (SoftEther's default); a pinned certificate, exactly that one (SHA-256 of its DER);
 * otherwise the JVM's trusted CAs with the host name checked (SoftEther's "default CA"; SoftEther
 * would also consult the hub's own CA list, which this server does not have).
 */
final class CascadeTrust {
    private CascadeTrust() {
    }

    static ServerTrust of(CascadeOptions o) {
        if (!o.checkServerCert()) {
            return new ServerTrust.AnyCertificate();
        }
        byte[] pinned = o.serverCert();
        if (pinned != null) {
            return new ServerTrust.Pinned(sha256(pinned));
        }
        return new ServerTrust.Authorities(jvmAuthorities());
    }

    /** The DER certificate, or 38 naming ServerCert. */
    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "ServerCert is not a DER X.509 certificate");
        }
    }

    static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JVM's default trust anchors (its cacerts). */
    private static List<X509Certificate> jvmAuthorities() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return List.of(x.getAcceptedIssuers());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JVM's trusted CAs", e);
        }
        throw new IllegalStateException("the JVM has no X.509 trust manager");
    }
}
