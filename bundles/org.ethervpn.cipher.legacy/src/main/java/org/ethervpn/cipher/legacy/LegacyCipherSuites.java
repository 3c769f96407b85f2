package org.ethervpn.cipher.legacy;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Opt-in compatibility with SoftEther 4-era peers: the modern AEAD suites first, then the seed's RSA
 * key-exchange CBC suites (AES256-SHA, AES128-SHA and, where the JVM's security policy still allows
 * it, DES-CBC3-SHA), on BouncyCastle's TLS stack because the JDK 24+ stack refuses TLS_RSA_*.
 * DES-CBC-SHA and RC4 exist in no provider here and are not offered.
 */
@Component(service = CipherSuiteProvider.class, property = Plugin.NAME_PROPERTY + "=" + LegacyCipherSuites.NAME)
public final class LegacyCipherSuites implements CipherSuiteProvider {
    static final String NAME = "legacy";

    private static final List<String> AEAD = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final List<String> LEGACY = List.of(
            "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA");

    private final BouncyCastleJsseProvider jsse = new BouncyCastleJsseProvider(new BouncyCastleProvider());
    private final List<String> protocols;
    private final List<String> suites;
    private volatile Cached server;

    private record Cached(TlsIdentity identity, SSLContext context) { }

    @Activate
    public LegacyCipherSuites(@Reference(service = LoggerFactory.class) Logger log) {
        String disabled = String.valueOf(Security.getProperty("jdk.tls.disabledAlgorithms"));
        this.protocols = allowed(List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"), disabled);
        List<String> s = new ArrayList<>(AEAD);
        s.addAll(allowed(LEGACY, disabled));
        this.suites = List.copyOf(s);
        log.warn("legacy cipher suites are installed: {} on {}. They have no forward secrecy and weak MACs;"
                + " select them only for peers that cannot do better.", suites.subList(AEAD.size(), suites.size()),
                protocols);
    }

    /** Drops what the JVM's {@code jdk.tls.disabledAlgorithms} names (BouncyCastle honours that list too). */
    static List<String> allowed(List<String> names, String disabledList) {
        List<String> tokens = new ArrayList<>();
        for (String t : disabledList.split(",")) {
            tokens.add(t.trim().toUpperCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            // BouncyCastle ignores the JDK's TLS_RSA_* wildcard but honours protocol and 3DES entries
            boolean off = tokens.contains(n.toUpperCase(Locale.ROOT))
                    || (n.contains("3DES") && tokens.stream().anyMatch(t -> t.startsWith("3DES")));
            if (!off) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "opt-in: modern suites plus RSA/CBC suites for SoftEther 4-era peers (weak)";
    }

    @Override
    public List<String> protocols() {
        return protocols;
    }

    @Override
    public List<String> cipherSuites() {
        return suites;
    }

    @Override
    public SSLEngine newServerEngine(TlsIdentity identity, List<String> wanted) {
        for (String s : wanted) {
            if (!suites.contains(s)) {
                throw new IllegalArgumentException("cipher suite " + s + " is not offered by '" + NAME
                        + "'; choose from " + suites);
            }
        }
        Cached c = server;
        if (c == null || !c.identity().equals(identity)) {
            c = new Cached(identity, context(keyManagers(identity), null));
            server = c;
        }
        SSLEngine e = c.context().createSSLEngine();
        e.setUseClientMode(false);
        configure(e, wanted.isEmpty() ? suites : wanted);
        SSLParameters p = e.getSSLParameters();
        p.setUseCipherSuitesOrder(true);
        e.setSSLParameters(p);
        return e;
    }

    @Override
    public SSLEngine newClientEngine(String host, int port, ServerTrust trust) {
        SSLEngine e = context(null, new TrustManager[] {trust.trustManager()}).createSSLEngine(host, port);
        e.setUseClientMode(true);
        configure(e, suites);
        return e;
    }

    /** BouncyCastle's own key manager: it selects RSA key-exchange suites where the JDK's does not. */
    private KeyManager[] keyManagers(TlsIdentity id) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("identity", id.key(), new char[0], id.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", jsse);
            kmf.init(ks, new char[0]);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the server key", e);
        }
    }

    private void configure(SSLEngine e, List<String> enabled) {
        e.setEnabledProtocols(protocols.toArray(String[]::new));
        e.setEnabledCipherSuites(enabled.toArray(String[]::new));
    }

    private SSLContext context(KeyManager[] km, TrustManager[] tm) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS", jsse);
            ctx.init(km, tm, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle TLS is unusable", e);
        }
    }
}
