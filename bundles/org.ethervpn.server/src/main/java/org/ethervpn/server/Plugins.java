package org.ethervpn.server;

import java.util.List;
import java.util.Optional;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.AdminRpcEndpoint;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;

/**
 * The plugin services the server consumes, as they are right now: plugins come and go at run time,
 * so the server asks on every new connection and never keeps one beyond that.
 */
interface Plugins {
    TlsIdentity identity();

    ServerTransport transport();

    /** For cascades: the direct TCP client transport. */
    ClientTransport clientTransport();

    /** For cascades through a proxy: the client transport plugin of this name ("tcp", "http", "socks5"), if installed. */
    default Optional<ClientTransport> clientTransport(String name) {
        ClientTransport direct = clientTransport();
        return direct != null && direct.name().equalsIgnoreCase(name) ? Optional.of(direct) : Optional.empty();
    }

    List<CipherSuiteProvider> ciphers();

    default Optional<CipherSuiteProvider> cipher(String name) {
        return ciphers().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The compression codec for {@code use_compress=1} (SoftEther's is zlib: "deflate"). */
    Optional<CompressionCodec> codec();

    Optional<QosPolicy> qos();

    /** For local bridges: the virtual adapter plugin of this name ("packet", "tap"), if installed. */
    Optional<VirtualAdapterFactory> adapter(String name);

    /** SecureNAT's implementation, if its plugin is installed. */
    default Optional<SecureNatFactory> secureNat() {
        return Optional.empty();
    }

    /** The binary admin RPC (vpncmd), if its bundle is installed. */
    default Optional<AdminRpcEndpoint> adminRpc() {
        return Optional.empty();
    }
}
