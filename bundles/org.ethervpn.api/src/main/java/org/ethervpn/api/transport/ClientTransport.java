package org.ethervpn.api.transport;

import java.util.concurrent.CompletableFuture;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/**
 * Opens client connections: directly ({@code tcp}) or through something (an HTTP or SOCKS proxy).
 */
@ConsumerType
public interface ClientTransport extends Plugin {
    /**
     * Opens a byte stream to {@code request.target()}. The future completes once the stream is ready
     * for the caller's protocol (any proxy handshake done); {@code handler} is then the last handler
     * of the channel's pipeline. It fails with a message naming the hop that failed.
     */
    CompletableFuture<Channel> connect(ConnectRequest request, ChannelHandler handler);
}
