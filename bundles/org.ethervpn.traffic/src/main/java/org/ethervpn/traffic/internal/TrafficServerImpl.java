package org.ethervpn.traffic.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficServer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The listening side: every accepted connection gets a {@link ServerSide}; connections of one client
 * measurement share a session (its id from their headers), so that an upload report stops that
 * session's downloads, as SoftEther's server does.
 */
final class TrafficServerImpl implements TrafficServer {
    /** More open connections than this are refused (32 per client: 32 clients at once). */
    static final int MAX_CONNECTIONS = 1024;

    private final TrafficListener events;
    private final Channel listener;
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<Long, Set<ServerSide>> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    TrafficServerImpl(Io io, int port, TrafficListener events) throws IOException {
        this.events = events;
        ServerBootstrap b = new ServerBootstrap().group(io.group()).channel(io.server())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Sender.WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (open.size() >= MAX_CONNECTIONS) {
                            message("refused a connection from " + ch.remoteAddress() + ": " + MAX_CONNECTIONS
                                    + " connections are open");
                            ch.close();
                            return;
                        }
                        open.add(ch);
                        ch.pipeline().addLast(new ServerSide(TrafficServerImpl.this, ids.incrementAndGet()));
                    }
                });
        ChannelFuture f = b.bind(new InetSocketAddress(port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("cannot listen on TCP port " + port + ": " + f.cause().getMessage(), f.cause());
        }
        listener = f.channel();
        message("listening on TCP port " + port() + " for traffic-test clients");
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public int connections() {
        return open.size();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        open.close().awaitUninterruptibly();
        message("stopped listening on TCP port " + port());
    }

    void message(String line) {
        if (events != null) {
            events.message(line);
        }
    }

    /** Joins a downloading connection to its session; false when an upload of that session has already ended. */
    boolean joinSession(long session, ServerSide side) {
        if (session == 0) {
            return true;
        }
        Set<ServerSide> s = sessions.computeIfAbsent(session, k -> new HashSet<>());
        synchronized (s) {
            if (s.contains(null)) { // marker: this session's upload was reported
                return false;
            }
            s.add(side);
            return true;
        }
    }

    /** An upload of {@code session} was reported: its downloads stop sending. */
    void endSession(long session) {
        if (session == 0) {
            return;
        }
        Set<ServerSide> s = sessions.computeIfAbsent(session, k -> new HashSet<>());
        synchronized (s) {
            s.add(null);
            for (ServerSide side : s) {
                if (side != null) {
                    side.stopSendingLater();
                }
            }
        }
    }

    void leaveSession(long session, ServerSide side) {
        Set<ServerSide> s = sessions.get(session);
        if (s != null) {
            synchronized (s) {
                s.remove(side);
                if (s.isEmpty() || s.size() == 1 && s.contains(null)) {
                    sessions.remove(session, s);
                }
            }
        }
    }
}
