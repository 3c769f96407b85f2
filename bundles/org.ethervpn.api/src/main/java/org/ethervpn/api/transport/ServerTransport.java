package org.ethervpn.api.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

import io.netty.channel.ChannelHandler;

/** Accepts server connections. */
@ConsumerType
public interface ServerTransport extends Plugin {
    /**
     * Listens on {@code address}; every accepted connection gets {@code childHandler} (typically a
     * {@code ChannelInitializer}) in its pipeline.
     *
     * @throws IOException if the address cannot be bound (in use, not permitted)
     */
    Listener listen(InetSocketAddress address, ChannelHandler childHandler) throws IOException;
}
