package org.ethervpn.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.KeepAlivePolicy;
import org.ethervpn.protocol.TunnelDecoder;
import org.ethervpn.protocol.TunnelEncoder;
import org.ethervpn.protocol.TunnelLimits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;

/**
 * A session in tunnel mode: its TCP connections and the choice of which one carries each batch
 * (spec §5.7). Frames the peer sends go to the {@link SessionLink}; frames for the peer are pulled
 * from it in batches of up to 128 on one send-capable connection, the least backed-up one, and a
 * batch is never split. Nothing here blocks or allocates per frame; a session whose connections are
 * all backed up stops pulling, so the link's bounded queue drops (SoftEther never pushes back).
 */
public final class TunnelSession {
    /** Frames per batch, like SoftEther's send loop. */
    public static final int BATCH_FRAMES = TunnelEncoder.DEFAULT_BATCH_FRAMES;

    private final String name;
    private final SessionParameters parameters;
    private final boolean serverSide;
    private final SessionLink link;
    private final SessionListener listener;
    private final QosPolicy qos;
    private final CompressionCodec codec;
    private final KeepAlivePolicy keepAlive;
    private final Object membership = new Object();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile TunnelConnection[] connections = new TunnelConnection[0];
    private volatile boolean closed;
    private volatile TunnelConnection lastSender;
    private volatile long lastReceiveNanos = System.nanoTime();

    /**
     * @param qos the QoS policy, or null (then {@code parameters.qos()} has no effect)
     * @param codec the compression codec, required when {@code parameters.compressed()}
     */
    public TunnelSession(String name, SessionParameters parameters, boolean serverSide, SessionLink link,
            SessionListener listener, QosPolicy qos, CompressionCodec codec) {
        this.name = Objects.requireNonNull(name, "name");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.serverSide = serverSide;
        this.link = Objects.requireNonNull(link, "link");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.qos = parameters.qos() ? qos : null;
        if (parameters.compressed() && codec == null) {
            throw new IllegalArgumentException("a compressed session needs a compression codec");
        }
        this.codec = parameters.compressed() ? codec : null;
        this.keepAlive = new KeepAlivePolicy(KeepAlivePolicy.clampTimeoutMillis(parameters.timeoutMillis()));
    }

    public String name() {
        return name;
    }

    public SessionParameters parameters() {
        return parameters;
    }

    public boolean isServerSide() {
        return serverSide;
    }

    public boolean isClosed() {
        return closed;
    }

    public List<TunnelConnection> connections() {
        return List.of(connections);
    }

    public int connectionCount() {
        return connections.length;
    }

    /** Connections whose direction lets this side send (for half-duplex direction assignment). */
    public int sendCapableCount() {
        int n = 0;
        for (TunnelConnection c : connections) {
            n += c.canSend() ? 1 : 0;
        }
        return n;
    }

    /** Connections whose direction lets this side receive. */
    public int receiveCapableCount() {
        int n = 0;
        for (TunnelConnection c : connections) {
            n += c.canReceive() ? 1 : 0;
        }
        return n;
    }

    /**
     * Turns {@code channel} (handshake done, its HTTP handlers still in place or already removed) into
     * a tunnel connection of this session: adds the tunnel decoder, encoder and connection handler at
     * the end of its pipeline. Call on the channel's event loop; remove the handshake handlers after.
     *
     * @param tls a description of the TLS in use ("TLSv1.3 TLS_AES_256_GCM_SHA384"), or "none"
     * @throws IllegalStateException if the session is closed or has all its connections
     */
    public TunnelConnection attach(Channel channel, ConnectionDirection direction, String connectionName, String tls) {
        TunnelConnection connection = new TunnelConnection(this, channel, direction, connectionName, tls, keepAlive);
        synchronized (membership) {
            if (closed) {
                throw new IllegalStateException("session " + name + " is closed");
            }
            if (connections.length >= parameters.maxConnections()) {
                throw new IllegalStateException("session " + name + " already has " + connections.length + " connections");
            }
            TunnelConnection[] next = Arrays.copyOf(connections, connections.length + 1);
            next[next.length - 1] = connection;
            connections = next;
        }
        int share = parameters.sendBufferShare();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(share / 2, share));
        ChannelPipeline p = channel.pipeline();
        p.addLast("tunnel-decoder", new TunnelDecoder(TunnelLimits.DEFAULT,
                codec == null ? null : codec.newDecompressor()));
        p.addLast("tunnel-encoder", new TunnelEncoder(TunnelLimits.DEFAULT, BATCH_FRAMES,
                codec == null ? null : codec.newCompressor(), java.util.concurrent.ThreadLocalRandom.current()));
        p.addLast("tunnel", connection);
        return connection;
    }

    /** Frames are waiting in the link: schedule one batch on the best send-capable connection. */
    public void wakeup() {
        while (!closed && drainScheduled.compareAndSet(false, true)) {
            TunnelConnection sender = pickSender();
            if (sender != null) {
                sender.scheduleDrain();
                return;
            }
            drainScheduled.set(false);
            // a connection that becomes writable or joins after this check calls wakeup() itself
            if (pickSender() == null) {
                return;
            }
        }
    }

    /** Closes every connection (with close_notify where TLS is still in use). */
    public void close(String reason) {
        TunnelConnection[] all;
        synchronized (membership) {
            closed = true;
            all = connections;
        }
        for (TunnelConnection c : all) {
            c.close(reason);
        }
    }

    // ---------------------------------------------------------------- for TunnelConnection

    SessionLink link() {
        return link;
    }

    long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    void received() {
        lastReceiveNanos = System.nanoTime();
    }

    void drainStarted() {
        drainScheduled.set(false);
    }

    /**
     * The connection dedicated to priority frames: the last send-capable one, when QoS is on and
     * there are at least two (§5.7); otherwise null.
     */
    TunnelConnection priorityConnection() {
        if (qos == null) {
            return null;
        }
        TunnelConnection last = null;
        int senders = 0;
        for (TunnelConnection c : connections) {
            if (c.canSend() && c.isActive()) {
                senders++;
                last = c;
            }
        }
        return senders >= 2 ? last : null;
    }

    QosPolicy qos() {
        return qos;
    }

    void detached(TunnelConnection connection, String reason) {
        int remaining;
        synchronized (membership) {
            TunnelConnection[] now = connections;
            int i = Arrays.asList(now).indexOf(connection);
            if (i < 0) {
                return;
            }
            List<TunnelConnection> next = new ArrayList<>(Arrays.asList(now));
            next.remove(i);
            connections = next.toArray(new TunnelConnection[0]);
            remaining = next.size();
        }
        listener.connectionClosed(this, connection, reason, remaining);
        wakeup();
    }

    /**
     * The connection for the next batch. Like SoftEther's "late count" rule (§5.7) it stays on the
     * connection it used last while that one takes data without backing up, since switching
     * connections reorders frames and TCP inside the tunnel reads reordering as loss. Only when it
     * is backed up (over half its share) does it move to the writable connection with the most room.
     */
    private TunnelConnection pickSender() {
        TunnelConnection priority = priorityConnection();
        TunnelConnection last = lastSender;
        if (last != null && last != priority && last.canSend() && last.isActive()
                && last.channel().bytesBeforeUnwritable() > parameters.sendBufferShare() / 2) {
            return last;
        }
        TunnelConnection best = null;
        long bestRoom = -1;
        for (TunnelConnection c : connections) {
            if (c == priority || !c.canSend() || !c.isActive()) {
                continue;
            }
            long room = c.channel().bytesBeforeUnwritable();
            if (room > 0 && room >= bestRoom) {
                best = c;
                bestRoom = room;
            }
        }
        if (best == null && priority != null && priority.channel().isWritable()) {
            return priority;
        }
        lastSender = best;
        return best;
    }

    @Override
    public String toString() {
        return "TunnelSession[" + name + ", " + connections.length + "/" + parameters.maxConnections() + "]";
    }
}
