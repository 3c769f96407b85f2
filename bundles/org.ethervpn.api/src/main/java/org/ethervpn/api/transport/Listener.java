package org.ethervpn.api.transport;

import java.net.InetSocketAddress;

import org.osgi.annotation.versioning.ProviderType;

/** A bound listening socket. Closing it stops accepting; established connections stay. */
@ProviderType
public interface Listener extends AutoCloseable {
    InetSocketAddress localAddress();

    @Override
    void close();
}
