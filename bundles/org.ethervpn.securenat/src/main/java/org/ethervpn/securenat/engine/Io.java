package org.ethervpn.securenat.engine;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * The event loop one hub's SecureNAT runs on, and the channel classes that fit it (epoll or NIO).
 * Relay channels are registered on this same loop, so a flow's packet side and socket side never
 * need a lock.
 */
public record Io(EventLoop loop, Class<? extends SocketChannel> socket, Class<? extends DatagramChannel> datagram) {
}
