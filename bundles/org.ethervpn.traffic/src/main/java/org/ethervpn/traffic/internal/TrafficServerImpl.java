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
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
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

    /** The downloading connections of one client measurement, and whether one of its uploads has ended. */
    private static final class Session {
        final Set<ServerSide> senders = new HashSet<>();
        boolean ended;
    }

    /** Joins a downloading connection to its session; false when an upload of that session has already ended. */
    boolean joinSession(long session, ServerSide side) {
        if (session == 0) {
            return true;
        }
        Session s = sessions.computeIfAbsent(session, k -> new Session());
        synchronized (s) {
            if (s.ended) {
                return false;
            }
            s.senders.add(side);
            return true;
        }
    }

    /** An upload of {@code session} was reported: its downloads stop sending. */
    void endSession(long session) {
        if (session == 0) {
            return;
        }
        Session s = sessions.computeIfAbsent(session, k -> new Session());
        synchronized (s) {
            s.ended = true;
            s.senders.forEach(ServerSide::stopSendingLater);
        }
    }

    /** A connection closed; a session without downloading connections is forgotten (an upload-only one at once). */
    void leaveSession(long session, ServerSide side) {
        Session s = sessions.get(session);
        if (s != null) {
            synchronized (s) {
                s.senders.remove(side);
                if (s.senders.isEmpty()) {
                    sessions.remove(session, s);
                }
            }
        }
    }
}
