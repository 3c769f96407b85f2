package org.ethervpn.cipher.modern;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;

/**
 * TLS engines on BoringSSL (netty-tcnative): AES-GCM in native code from the first record, where
 * the JDK's runs interpreted until the JIT has compiled it (15-20 s of traffic on this class of
 * machine), and no per-record garbage. BoringSSL fixes the TLS 1.3 suites (AES-128-GCM, AES-256-GCM,
 * ChaCha20-Poly1305, in the client's order), so a server whose admin narrowed the suites stays on
 * the JDK's engine, which applies them.
 */
final class NativeEngines {
    private NativeEngines() {
    }

    /** Null when BoringSSL can be used, else why not. */
    static String unavailableBecause() {
        try {
            return OpenSsl.isAvailable() ? null : String.valueOf(OpenSsl.unavailabilityCause());
        } catch (LinkageError e) { // netty-tcnative is not installed
            return e.toString();
        }
    }

    static SslContext server(TlsIdentity identity, List<String> protocols, List<String> suites) {
        try {
            // Netty turns TLS session tickets off (SSL_OP_NO_TICKET): nothing may follow the
            // handshake on a use_encrypt=0 connection (the JDK's engines are set up alike).
            return SslContextBuilder.forServer(identity.key(), identity.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.OPENSSL)
                    .protocols(protocols)
                    .ciphers(suites)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("BoringSSL refused the server identity", e);
        }
    }

    static SslContext client(ServerTrust trust, List<String> protocols, List<String> suites) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.OPENSSL)
                    .trustManager(trust.trustManager())
                    .endpointIdentificationAlgorithm(null) // Netty 4.2 checks the host by default; the account decides
                    .protocols(protocols)
                    .ciphers(suites)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            List.of(CipherSuiteProvider.ETHERVPN_ALPN)))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("BoringSSL refused the client settings", e);
        }
    }

    static SSLEngine serverEngine(SslContext ctx) {
        return ctx.newEngine(ByteBufAllocator.DEFAULT);
    }

    static SSLEngine clientEngine(SslContext ctx, String host, int port, ServerTrust trust) {
        SSLEngine e = ctx.newEngine(ByteBufAllocator.DEFAULT, host, port);
        if (trust instanceof ServerTrust.Authorities) {
            SSLParameters p = e.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // a CA-issued certificate must also name the host
            e.setSSLParameters(p);
        }
        return e;
    }
}
