package org.ethervpn.console.views;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/** What the console shows of a server certificate (DER from the admin API), and its PEM for export. */
record ServerCertificate(String subject, String issuer, Instant notBefore, Instant notAfter, String sha256, String pem) {

    static ServerCertificate of(byte[] der) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            String fp = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            return new ServerCertificate(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), fp, pem);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("the server sent a certificate that is not X.509: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines shown in the console. */
    String describe() {
        return "Subject: " + subject + "\nIssuer: " + issuer + "\nValid: " + notBefore + " to " + notAfter
                + (Instant.now().isAfter(notAfter) ? " (EXPIRED)" : "") + "\nSHA-256: " + sha256;
    }
}
