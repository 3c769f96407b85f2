package org.ethervpn.transport.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ConnectRequest;
import org.ethervpn.api.transport.ProxySettings;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.proxy.ProxyHandler;

/**
 * A connection through a proxy: TCP to the proxy, the proxy's handshake (Netty's proxy handler,
 * which asks the proxy to reach the target by name, so the client need not resolve or route it),
 * then the caller's pipeline. The future completes only after the proxy said yes; errors name the
 * proxy, the target and what the proxy answered, never the password.
 */
abstract class ProxyTransport implements ClientTransport {
    private EventLoopGroup group;

    /** The handler that talks to the proxy at {@code proxy}, logging in with {@code settings}. */
    abstract ProxyHandler handler(InetSocketAddress proxy, ProxySettings settings);

    /** "HTTP proxy", "SOCKS5 proxy": for messages. */
    abstract String kind();

    /**
     * What the proxy's answer means for the user, appended to the handler's message ("" when that
     * says it already): Netty names some refusals by code only.
     */
    String hint(String why, ProxySettings settings) {
        return "";
    }

    /** NIO: proxied sessions are the exception, and one group of lazily started threads serves them all. */
    private synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
        }
        return group;
    }

    synchronized void shutdown() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
        }
    }

    @Override
    public CompletableFuture<Channel> connect(ConnectRequest request, ChannelHandler handler) {
        ProxySettings proxy = request.proxy();
        if (proxy == null) {
            throw new IllegalArgumentException("the " + name() + " transport needs proxy settings");
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        String hop = kind() + " " + proxy.proxy();
        String target = request.target().toString();
        long timeout = request.timeout().toMillis();
        ProxyHandler ph = handler(new InetSocketAddress(proxy.proxy().host(), proxy.proxy().port()), proxy);
        ph.setConnectTimeoutMillis(timeout);
        Bootstrap b = new Bootstrap().group(group()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("proxy", ph).addLast(handler);
                    }
                });
        ChannelFuture f = b.connect(InetSocketAddress.createUnresolved(request.target().host(), request.target().port()));
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                result.completeExceptionally(failure(hop, target, cf.cause(), proxy));
            }
        });
        ph.connectFuture().addListener(pf -> {
            if (pf.isSuccess()) {
                result.complete(f.channel());
            } else {
                result.completeExceptionally(failure(hop, target, pf.cause(), proxy));
                f.channel().close();
            }
        });
        return result;
    }

    private IOException failure(String hop, String target, Throwable cause, ProxySettings settings) {
        String why = cause == null ? "failed" : cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return new IOException(hop + " did not connect to " + target + ": " + why + hint(why, settings), cause);
    }
}
