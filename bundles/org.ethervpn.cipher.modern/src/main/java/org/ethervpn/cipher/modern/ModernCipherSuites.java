package org.ethervpn.cipher.modern;

import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.KeyManager;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

import io.netty.handler.ssl.SslContext;

/**
 * The default cipher suites: TLS 1.3 and TLS 1.2 with ECDHE and AEAD only (forward secrecy,
 * no CBC, no RSA key exchange). The JDK's TLS stack serves SoftEther peers and narrowed suite
 * settings: the order follows a default SoftEther 5.x server (AES-256-GCM first) and the server
 * applies its own order. BoringSSL ({@link NativeEngines}) serves our client side and, on a server,
 * the EtherVPN peers.
 */
@Component(service = CipherSuiteProvider.class, property = Plugin.NAME_PROPERTY + "=" + ModernCipherSuites.NAME,
        configurationPid = ModernCipherSuites.PID)
@Designate(ocd = ModernCipherConfig.class)
public final class ModernCipherSuites implements CipherSuiteProvider {
    static final String NAME = "modern";
    static final String PID = "org.ethervpn.cipher.modern";

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Contexts are costly and identities rarely change: keep the last one of each side. */
    private volatile Cached<TlsIdentity, SSLContext> server;
    private volatile Cached<ServerTrust, SSLContext> client;

    private volatile Cached<TlsIdentity, SslContext> nativeServer;
    private volatile Cached<ServerTrust, SslContext> nativeClient;

    private record Cached<K, C>(K key, C context) { }

    /** BoringSSL is configured on and loads: client engines, and server engines for EtherVPN peers, use it. */
    private final boolean nativeEngine;
    /** Why the JDK's engine serves every connection, for the description; null when BoringSSL does. */
    private final String jdkOnlyBecause;

    /** As a plain library (tests, benchmarks): BoringSSL when it loads. */
    public ModernCipherSuites() {
        this(true);
    }

    @Activate
    public ModernCipherSuites(ModernCipherConfig config) {
        this(config.nativeEngine());
    }

    /** As a plain library: BoringSSL when wanted and it loads, else the JDK's TLS everywhere. */
    public ModernCipherSuites(boolean nativeWanted) {
        String unavailable = nativeWanted ? NativeEngines.unavailableBecause() : "configured off (nativeEngine=false)";
        this.nativeEngine = unavailable == null;
        this.jdkOnlyBecause = unavailable;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TLS 1.3/1.2, ECDHE + AES-GCM or ChaCha20-Poly1305 only (default); "
                + (nativeEngine ? "BoringSSL for clients and EtherVPN peers, the JDK's TLS for SoftEther peers"
                        : "the JDK's TLS (BoringSSL: " + jdkOnlyBecause + ")");
    }

    @Override
    public List<String> protocols() {
        return PROTOCOLS;
    }

    @Override
    public List<String> cipherSuites() {
        return SUITES;
    }

    @Override
    public SSLEngine newServerEngine(TlsIdentity identity, List<String> suites) {
        return jdkServerEngine(identity, select(suites));
    }

    private SSLEngine jdkServerEngine(TlsIdentity identity, List<String> enabled) {
        Cached<TlsIdentity, SSLContext> c = server;
        if (c == null || !c.key().equals(identity)) {
            c = new Cached<>(identity, withoutSessionTickets(context(identity.keyManagers(), null)));
            server = c;
        }
        SSLEngine e = c.context().createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(enabled.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        e.setSSLParameters(p);
        return e;
    }

    /**
     * BoringSSL for a peer that offered {@link CipherSuiteProvider#ETHERVPN_ALPN} while the server
     * offers every suite; the JDK's engine for the rest. SoftEther clients keep the JDK's engine because
     * the server sends them a TLS 1.3 KeyUpdate after login (a cure for the real vpnclient after a
     * connection reset), which only the JDK's engine can send.
     */
    @Override
    public SSLEngine newServerEngine(TlsIdentity identity, List<String> suites, List<String> alpn) {
        List<String> enabled = select(suites);
        if (!nativeEngine || !alpn.contains(ETHERVPN_ALPN) || !enabled.equals(SUITES)) {
            return jdkServerEngine(identity, enabled);
        }
        Cached<TlsIdentity, SslContext> n = nativeServer;
        if (n == null || !n.key().equals(identity)) {
            n = new Cached<>(identity, NativeEngines.server(identity, PROTOCOLS, SUITES));
            nativeServer = n;
        }
        return NativeEngines.serverEngine(n.context());
    }

    @Override
    public SSLEngine newClientEngine(String host, int port, ServerTrust trust) {
        if (nativeEngine) {
            Cached<ServerTrust, SslContext> n = nativeClient;
            if (n == null || !n.key().equals(trust)) {
                n = new Cached<>(trust, NativeEngines.client(trust, PROTOCOLS, SUITES));
                nativeClient = n;
            }
            return NativeEngines.clientEngine(n.context(), host, port, trust);
        }
        Cached<ServerTrust, SSLContext> c = client;
        if (c == null || !c.key().equals(trust)) {
            c = new Cached<>(trust, context(null, new TrustManager[] {trust.trustManager()}));
            client = c;
        }
        SSLEngine e = c.context().createSSLEngine(host, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(SUITES.toArray(String[]::new));
        p.setApplicationProtocols(new String[] {ETHERVPN_ALPN});
        if (trust instanceof ServerTrust.Authorities) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // a CA-issued certificate must also name the host
        }
        e.setSSLParameters(p);
        return e;
    }

    private static List<String> select(List<String> suites) {
        if (suites.isEmpty()) {
            return SUITES;
        }
        for (String s : suites) {
            if (!SUITES.contains(s)) {
                throw new IllegalArgumentException("cipher suite " + s + " is not offered by '" + NAME + "'; choose from "
                        + SUITES);
            }
        }
        return suites;
    }

    /**
     * No TLS 1.3 NewSessionTicket. It is a post-handshake message: should one ever be written after
     * the welcome, a {@code use_encrypt=0} peer (spec §5.6), which reads raw tunnel bytes from there
     * on, would take it for tunnel data. SoftEther issues no tickets and nothing resumes TLS
     * sessions. JSSE sends no ticket when the session lifetime exceeds its 7-day ticket maximum, so
     * that is what this sets (per context, unlike the global
     * {@code jdk.tls.server.newSessionTicketCount}); the cache stays tiny since nothing resumes.
     */
    static SSLContext withoutSessionTickets(SSLContext ctx) {
        ctx.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_WITHOUT_TICKETS);
        ctx.getServerSessionContext().setSessionCacheSize(1);
        return ctx;
    }

    /** Eight days: over JSSE's 604 800-second ticket lifetime limit. */
    static final int SESSION_TIMEOUT_WITHOUT_TICKETS = 8 * 24 * 3600;

    private static SSLContext context(KeyManager[] km, TrustManager[] tm) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, tm, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's TLS provider is unusable", e);
        }
    }
}
