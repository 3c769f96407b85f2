package org.ethervpn.traffic;

import org.osgi.annotation.versioning.ProviderType;

/** A running traffic-test server; closing it closes the port and every connection. */
@ProviderType
public interface TrafficServer extends AutoCloseable {
    /** The TCP port it listens on. */
    int port();

    /** Connections currently open. */
    int connections();

    @Override
    void close();
}
