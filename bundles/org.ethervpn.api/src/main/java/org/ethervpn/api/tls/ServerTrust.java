package org.ethervpn.api.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a client checks the server's certificate: not at all (SoftEther's default), against a pinned
 * SHA-256 fingerprint, or against trusted certificate authorities.
 */
public sealed interface ServerTrust {

    /** A trust manager that applies this policy. */
    X509TrustManager trustManager();

    /** Accept any certificate (the SoftEther client default: "verify server certificate" off). */
    record AnyCertificate() implements ServerTrust {
        @Override
        public X509TrustManager trustManager() {
            return new Checker(chain -> { });
        }
    }

    /** Accept only a leaf certificate whose DER SHA-256 equals {@code sha256Hex}. */
    record Pinned(String sha256Hex) implements ServerTrust {
        public Pinned {
            sha256Hex = sha256Hex.replace(":", "").toLowerCase(Locale.ROOT);
            if (sha256Hex.length() != 64 || !sha256Hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("a SHA-256 pin is 64 hex digits");
            }
        }

        @Override
        public X509TrustManager trustManager() {
            return new Checker(chain -> {
                try {
                    String got = HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                    if (!MessageDigest.isEqual(got.getBytes(), sha256Hex.getBytes())) {
                        throw new CertificateException("server certificate sha256 " + got
                                + " does not match the pinned " + sha256Hex);
                    }
                } catch (CertificateEncodingException e) {
                    throw e;
                } catch (NoSuchAlgorithmException e) {
                    throw new CertificateException(e);
                }
            });
        }
    }

    /** Accept a chain that leads to one of {@code authorities} (PKIX path validation). */
    record Authorities(List<X509Certificate> authorities) implements ServerTrust {
        public Authorities {
            authorities = List.copyOf(authorities);
            if (authorities.isEmpty()) {
                throw new IllegalArgumentException("no trusted certificate authorities given");
            }
        }

        @Override
        public X509TrustManager trustManager() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                for (int i = 0; i < authorities.size(); i++) {
                    ks.setCertificateEntry("ca" + i, authorities.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        return x;
                    }
                }
                throw new IllegalStateException("no X509TrustManager available");
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build trust store", e);
            }
        }
    }

    /** A client-side trust manager from one check on the server chain. */
    final class Checker implements X509TrustManager {
        interface Check {
            void check(X509Certificate[] chain) throws CertificateException;
        }

        private final Check check;

        Checker(Check check) {
            this.check = check;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("server sent no certificate");
            }
            check.check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
