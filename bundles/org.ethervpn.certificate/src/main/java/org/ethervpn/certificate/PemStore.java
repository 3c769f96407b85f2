package org.ethervpn.certificate;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.ethervpn.api.tls.TlsIdentity;

/**
 * The server identity as two PEM files in the data directory: {@code server.crt} (chain, leaf first)
 * and {@code server.key} (PKCS#8, owner-only). PEM so operators can inspect them with openssl and
 * replace them with their own.
 */
final class PemStore {
    static final String CERT_FILE = "server.crt";
    static final String KEY_FILE = "server.key";

    private final Path cert;
    private final Path key;

    PemStore(Path dir) {
        this.cert = dir.resolve(CERT_FILE);
        this.key = dir.resolve(KEY_FILE);
    }

    Path certPath() {
        return cert;
    }

    boolean exists() {
        return Files.exists(cert) || Files.exists(key);
    }

    /** Reads both files; a missing, unreadable or mismatched part is an IOException naming the file. */
    TlsIdentity load() throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(cert, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(h));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(cert + " is not a valid PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(cert + " holds no certificate");
        }
        PrivateKey pk;
        try (Reader r = Files.newBufferedReader(key, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                pk = conv.getPrivateKey(info);
            } else if (o instanceof PEMKeyPair pair) {
                pk = conv.getKeyPair(pair).getPrivate();
            } else {
                throw new IOException(key + " holds no unencrypted private key");
            }
        } catch (RuntimeException e) {
            throw new IOException(key + " is not a valid PEM private key: " + e.getMessage(), e);
        }
        if (!matches(pk, chain.get(0))) {
            throw new IOException(key + " does not belong to the certificate in " + cert);
        }
        return new TlsIdentity(pk, chain);
    }

    /** Writes the key (mode 600) and then the certificate, each atomically. */
    void save(TlsIdentity id) throws IOException {
        Files.createDirectories(cert.getParent());
        writeAtomically(key, pem(id.key()), true);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : id.chain()) {
            chain.append(pem(c));
        }
        writeAtomically(cert, chain.toString(), false);
    }

    private static boolean matches(PrivateKey pk, X509Certificate c) {
        if (pk instanceof RSAPrivateCrtKey rsa
                && c.getPublicKey() instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus());
        }
        return pk.getAlgorithm().equals(c.getPublicKey().getAlgorithm());
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
