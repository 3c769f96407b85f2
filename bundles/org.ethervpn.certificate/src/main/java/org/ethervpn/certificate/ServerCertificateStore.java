package org.ethervpn.certificate;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.ethervpn.api.tls.ServerIdentity;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.config.DataDirectory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The server's TLS identity, kept as PEM files in the data directory (framework property
 * {@code ethervpn.data}). The first start creates a self-signed RSA-2048 certificate. Damaged files
 * are never overwritten: the component then fails to activate with the reason in the log, so no
 * listener starts with a surprise certificate.
 */
@Component(service = ServerIdentity.class, immediate = true) // create the certificate at first start, not at first use
public final class ServerCertificateStore implements ServerIdentity {

    private final TlsIdentity identity;

    @Activate
    public ServerCertificateStore(BundleContext ctx, @Reference(service = LoggerFactory.class) Logger log)
            throws IOException, GeneralSecurityException {
        this.identity = loadOrCreate(DataDirectory.of(ctx), hostName(), log);
    }

    static TlsIdentity loadOrCreate(Path dataDir, String commonName, Logger log)
            throws IOException, GeneralSecurityException {
        PemStore store = new PemStore(dataDir);
        if (store.exists()) {
            try {
                TlsIdentity id = store.load();
                log.info("server certificate {} (sha256 {})", id.certificate().getSubjectX500Principal(),
                        id.sha256Fingerprint());
                return id;
            } catch (IOException e) {
                log.error("cannot use the server certificate: {}. Fix or remove {} and {} (a new self-signed"
                        + " certificate is then created).", e.getMessage(), PemStore.CERT_FILE, PemStore.KEY_FILE);
                throw e;
            }
        }
        TlsIdentity id = SelfSigned.create(commonName);
        store.save(id);
        log.info("created self-signed server certificate CN={} in {} (sha256 {})", commonName, store.certPath(),
                id.sha256Fingerprint());
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public TlsIdentity identity() {
        return identity;
    }
}
