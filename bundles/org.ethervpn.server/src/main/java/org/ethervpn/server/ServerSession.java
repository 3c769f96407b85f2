package org.ethervpn.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.ClientNode;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.VirtualHub;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.session.SessionLink;
import org.ethervpn.session.SessionListener;
import org.ethervpn.session.TunnelConnection;
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;

/**
 * A VPN session on a hub: the tunnel session plugged into a hub port. When its last connection
 * goes, the client may re-join it with {@code additional_connect} (spec §4.2) until nothing has
 * arrived from it for one session timeout, as in SoftEther: a re-join that brings nothing does not
 * keep the session. A session whose re-joined connections keep closing before anything arrives on
 * them ends sooner, so the client's next re-join gets error 13 and it logs in again (see the README,
 * "session resume").
 */
final class ServerSession implements SessionLink, SessionListener {
    /** Told once when the session ends, so whoever lists it can let it go. */
    interface EndHook {
        void ended(ServerSession s, String reason);
    }

    private final ServerContext ctx;
    private final VirtualHub hub;
    private final EndHook onEnd;
    private final String name;
    private final String user;
    private final String keyHex;
    private final String client;
    private final InetSocketAddress remote;
    private final boolean bridgeMode;
    private final Instant created = Instant.now();
    private final ClientNode node;
    private volatile TunnelSession tunnel;
    private volatile HubPort port;
    private final PortDrain drain = new PortDrain();
    /**
     * Re-joins in a row that were the session's only connection and closed before anything arrived
     * on them (a live peer sends a keep-alive at once): the client cannot use this session. The real
     * vpnclient gets there after a connection reset when no TLS 1.3 KeyUpdate reaches it (README,
     * "Real vpnclients after a connection reset"); ending the session frees its hub port at once and
     * answers the next re-join with 13, so the client logs in again instead of re-joining forever.
     */
    static final int DEAD_JOINS_TO_END = 3;
    private ScheduledFuture<?> endTimer;
    private int deadJoins;
    private boolean ended;

    ServerSession(ServerContext ctx, VirtualHub hub, EndHook onEnd, String name, String user, String keyHex,
            String client, ClientNode node, InetSocketAddress remote, boolean bridgeMode) {
        this.node = node;
        this.ctx = ctx;
        this.hub = hub;
        this.onEnd = onEnd;
        this.name = name;
        this.user = user;
        this.keyHex = keyHex;
        this.client = client;
        this.remote = remote;
        this.bridgeMode = bridgeMode;
    }

    void bind(TunnelSession tunnel, HubPort port) {
        this.tunnel = tunnel;
        this.port = port;
    }

    /** For the hub port: frames are waiting, let the tunnel pull them (quick, never blocks). */
    Runnable wakeupHook() {
        return () -> {
            TunnelSession t = tunnel;
            if (t != null) {
                t.wakeup();
            }
        };
    }

    String name() {
        return name;
    }

    String user() {
        return user;
    }

    String keyHex() {
        return keyHex;
    }

    String client() {
        return client;
    }

    ClientNode node() {
        return node;
    }

    InetSocketAddress remote() {
        return remote;
    }

    boolean bridgeMode() {
        return bridgeMode;
    }

    Instant created() {
        return created;
    }

    String hubName() {
        return hub.name();
    }

    TunnelSession tunnel() {
        return tunnel;
    }

    HubPort port() {
        return port;
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /**
     * Why one more connection cannot join (§4.1), or null. Stricter than SoftEther, which lets one
     * connection more than granted in: the peer gets what the welcome said, no more. Callers hold
     * this session's lock.
     */
    ProtocolError joinRefusal() {
        if (ended) {
            return ProtocolError.SESSION_TIMEOUT;
        }
        return tunnel.connectionCount() >= tunnel.parameters().maxConnections() ? ProtocolError.TOO_MANY_CONNECTION
                : null;
    }

    /** The direction of the next connection of {@code t} (§4.3). */
    static ConnectionDirection directionFor(TunnelSession t) {
        if (!t.parameters().halfDuplex()) {
            return ConnectionDirection.BOTH;
        }
        if (t.connectionCount() == 0) {
            return ConnectionDirection.HALF_DUPLEX_LOGIN;
        }
        return ConnectionDirection.assignHalfDuplex(t.sendCapableCount(), t.receiveCapableCount());
    }

    /** Callers hold this session's lock. */
    private void cancelEnd() {
        if (endTimer != null) {
            endTimer.cancel(false);
            endTimer = null;
        }
    }

    /** Ends the session now: closes its connections and leaves the hub. Idempotent. */
    void end(String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            cancelEnd();
        }
        onEnd.ended(this, reason);
        tunnel.close(reason);
        port.leave();
    }

    // ---------------------------------------------------------------- SessionLink

    @Override
    public void received(List<ByteBuf> frames) {
        hub.forward(port, frames);
    }

    @Override
    public int drainTo(List<? super ByteBuf> out, int max) {
        return drain.drainTo(port, out, max, tunnel.parameters().superFrames());
    }

    // ---------------------------------------------------------------- SessionListener

    @Override
    public void connectionClosed(TunnelSession session, TunnelConnection connection, String reason, int remaining) {
        ctx.log().info("Connection {} of session {} (hub {}) from {} closed: {}; {} left", connection.name(), name,
                hub.name(), connection.remoteAddress(), reason, remaining);
        if (remaining > 0) {
            return;
        }
        String why;
        synchronized (this) {
            if (ended || tunnel.connectionCount() > 0) {
                return;
            }
            // a half-duplex server-to-client connection never hears from the client: it proves nothing
            boolean dead = connection.canReceive() && !connection.receivedAny();
            deadJoins = dead ? deadJoins + 1 : 0;
            if (!ctx.options().sessionResume()) {
                why = "its last connection closed";
            } else if (deadJoins >= DEAD_JOINS_TO_END) {
                why = deadJoins + " re-joined connections in a row closed before anything arrived on them";
            } else {
                scheduleEnd();
                return;
            }
        }
        end(why);
    }

    /** Ends the session one timeout after the last thing that arrived from the client. Callers hold the lock. */
    private void scheduleEnd() {
        cancelEnd();
        long idle = System.nanoTime() - tunnel.lastReceiveNanos();
        long left = Math.max(0, TimeUnit.MILLISECONDS.toNanos(tunnel.parameters().timeoutMillis()) - idle);
        endTimer = ctx.timer().schedule(this::endIfIdle, left, TimeUnit.NANOSECONDS);
    }

    private void endIfIdle() {
        synchronized (this) {
            if (ended || tunnel.connectionCount() > 0) {
                return; // re-joined: a connection that stays silent is closed by its own timeout and brings us back
            }
            if (System.nanoTime() - tunnel.lastReceiveNanos() < TimeUnit.MILLISECONDS.toNanos(
                    tunnel.parameters().timeoutMillis())) {
                scheduleEnd(); // something arrived on a connection that has gone again
                return;
            }
        }
        end("nothing arrived from the client for " + tunnel.parameters().timeoutMillis()
                + " ms and no connection carries the session");
    }

    @Override
    public String toString() {
        return name;
    }
}
