package org.ethervpn.api.tls;

import java.util.List;

import javax.net.ssl.SSLEngine;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A set of TLS versions and cipher suites, and the engines that use them. The server's cipher setting
 * names one provider; clients pick one per account. Engines are per connection; a provider should
 * cache whatever is expensive (contexts) and build engines cheaply.
 */
@ConsumerType
public interface CipherSuiteProvider extends Plugin {
    /**
     * The ALPN protocol an EtherVPN client offers in its ClientHello. SoftEther's programs offer none
     * and ignore it; a server may take it as a sign that the peer is EtherVPN and needs none of the
     * work-arounds kept for SoftEther clients.
     */
    String ETHERVPN_ALPN = "ethervpn";

    /** TLS versions in JSSE names ({@code TLSv1.3}, {@code TLSv1.2}), newest first. */
    List<String> protocols();

    /** Cipher suites in IANA names, in the server's order of preference. */
    List<String> cipherSuites();

    /**
     * A server-side engine that presents {@code identity} and applies its own suite order.
     *
     * @param suites the subset of {@link #cipherSuites()} to enable, in preference order; empty for all
     * @throws IllegalArgumentException if {@code suites} names a suite this provider does not offer
     */
    SSLEngine newServerEngine(TlsIdentity identity, List<String> suites);

    /**
     * A server-side engine for a connection whose ClientHello offered the ALPN protocols {@code alpn}
     * (empty when it offered none), so that a provider can choose its implementation by peer. Without
     * an override, the same as {@link #newServerEngine(TlsIdentity, List)}.
     *
     * @throws IllegalArgumentException if {@code suites} names a suite this provider does not offer
     */
    default SSLEngine newServerEngine(TlsIdentity identity, List<String> suites, List<String> alpn) {
        return newServerEngine(identity, suites);
    }

    /** A server-side engine with every suite this provider offers. */
    default SSLEngine newServerEngine(TlsIdentity identity) {
        return newServerEngine(identity, List.of());
    }

    /**
     * A client-side engine for a connection to {@code host:port} (the host is sent as SNI when it is a
     * name), checking the server's certificate as {@code trust} says.
     */
    SSLEngine newClientEngine(String host, int port, ServerTrust trust);
}
