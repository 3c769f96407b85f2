package org.ethervpn.client.service;

import java.util.Optional;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;

/** The plugins the client uses, as they are right now (asked on every login, never kept). */
interface ClientPlugins {
    Optional<ClientTransport> transport(String name);

    Optional<CipherSuiteProvider> cipher();

    Optional<CompressionCodec> codec();

    Optional<QosPolicy> qos();

    Optional<VirtualAdapterFactory> adapters();
}
