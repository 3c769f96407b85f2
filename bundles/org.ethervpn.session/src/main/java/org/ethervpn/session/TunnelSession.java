package org.ethervpn.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.Priority;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.FlowHash;
import org.ethervpn.protocol.KeepAlivePolicy;
import org.ethervpn.protocol.TunnelDecoder;
import org.ethervpn.protocol.TunnelEncoder;
import org.ethervpn.protocol.TunnelLimits;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;

/**
 * A session in tunnel mode: its TCP connections and which one carries each frame (spec §5.7).
 * Frames the peer sends go to the {@link SessionLink}. Frames for the peer are pulled from it in
 * batches of up to 128 by one drain at a time, on the event loop of one of the connections, and
 * spread over the send-capable connections by flow ({@link FlowHash}): a flow stays on one
 * connection, so it is never reordered, while different flows use different connections (and their
 * event loops encrypt in parallel). A new flow goes to the connection that carries the fewest; a
 * flow moves only when its connection is gone or backed up. Nothing here blocks or allocates per
 * frame; when every connection is backed up the drain stops, so the link's bounded queue drops
 * (SoftEther never pushes back either).
 */
public final class TunnelSession {
    /** Frames per batch, like SoftEther's send loop. */
    public static final int BATCH_FRAMES = TunnelEncoder.DEFAULT_BATCH_FRAMES;
    /** Flow buckets: many more than connections, so flows spread evenly. */
    static final int FLOW_BUCKETS = 256;
    /** Batches one drain task takes before it lets its event loop run other work. */
    private static final int BATCHES_PER_TASK = 4;
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int AGAIN = 2;

    private final String name;
    private final SessionParameters parameters;
    private final boolean serverSide;
    private final SessionLink link;
    private final SessionListener listener;
    private final QosPolicy qos;
    private final CompressionCodec codec;
    private final KeepAlivePolicy keepAlive;
    private final Object membership = new Object();
    /** IDLE, SCHEDULED (a drain is queued or running) or AGAIN (and frames arrived meanwhile). */
    private final AtomicInteger drainState = new AtomicInteger();
    private final ArrayList<ByteBuf> batch = new ArrayList<>(BATCH_FRAMES);
    /** Which connection carries each flow bucket; touched only by the (single) drain. */
    private final TunnelConnection[] flowOwner = new TunnelConnection[FLOW_BUCKETS];
    private final ArrayList<TunnelConnection> targets = new ArrayList<>(SessionParameters.MAX_CONNECTIONS);
    private volatile TunnelConnection[] connections = new TunnelConnection[0];
    private volatile int membershipEpoch;
    private int flowEpoch = -1;
    private volatile boolean closed;
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

    /** The event loop of its first connection (where a link best does its own I/O), or null while it has none. */
    public EventLoop homeLoop() {
        TunnelConnection[] all = connections;
        return all.length == 0 ? null : all[0].channel().eventLoop();
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
            membershipEpoch++;
        }
        int share = parameters.sendBufferShare();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(share / 2, share));
        ChannelPipeline p = channel.pipeline();
        TunnelLimits limits = parameters.superFrames() ? TunnelLimits.SUPER_FRAMES : TunnelLimits.DEFAULT;
        p.addLast("tunnel-decoder", new TunnelDecoder(limits, codec == null ? null : codec.newDecompressor()));
        p.addLast("tunnel-encoder", new TunnelEncoder(limits, BATCH_FRAMES,
                codec == null ? null : codec.newCompressor(), ThreadLocalRandom.current()));
        p.addLast("tunnel", connection);
        return connection;
    }

    /** Frames are waiting in the link: make sure a drain runs (quick, never blocks). */
    public void wakeup() {
        for (;;) {
            if (closed) {
                return;
            }
            int state = drainState.get();
            if (state == IDLE) {
                if (!drainState.compareAndSet(IDLE, SCHEDULED)) {
                    continue;
                }
                TunnelConnection on = anyReadySender();
                if (on != null) {
                    on.executor().execute(this::drain);
                    return;
                }
                drainState.set(IDLE);
                // a connection that becomes writable or joins after this check calls wakeup() itself
                if (anyReadySender() == null) {
                    return;
                }
            } else if (state == AGAIN || drainState.compareAndSet(SCHEDULED, AGAIN)) {
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

    /** {@link System#nanoTime()} when something complete last arrived on any connection (at creation: then). */
    public long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    void received() {
        lastReceiveNanos = System.nanoTime();
    }

    /**
     * The connection dedicated to priority frames: the last ready send-capable one, when QoS is on
     * and there are at least two (§5.7); otherwise null.
     */
    private TunnelConnection priorityConnection() {
        if (qos == null) {
            return null;
        }
        TunnelConnection last = null;
        int senders = 0;
        for (TunnelConnection c : connections) {
            if (c.readyToSend()) {
                senders++;
                last = c;
            }
        }
        return senders >= 2 ? last : null;
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
            membershipEpoch++;
            remaining = next.size();
        }
        listener.connectionClosed(this, connection, reason, remaining);
        wakeup();
    }

    private TunnelConnection anyReadySender() {
        TunnelConnection best = null;
        long bestRoom = 0;
        for (TunnelConnection c : connections) {
            long room = c.readyToSend() ? c.room() : 0;
            if (room > bestRoom) {
                best = c;
                bestRoom = room;
            }
        }
        return best;
    }

    /** The drain: runs on one connection's event loop, never two at once (see {@link #wakeup()}). */
    private void drain() {
        for (int round = 0; ; round++) {
            drainState.set(SCHEDULED); // wake-ups from here on ask for one more round
            if (closed || anyReadySender() == null) {
                break; // the link keeps (or drops) its frames; writability or a join wakes us again
            }
            int n = link.drainTo(batch, BATCH_FRAMES);
            if (n > 0) {
                try {
                    dispatch();
                } finally {
                    batch.clear();
                }
            }
            if (n < BATCH_FRAMES) {
                break;
            }
            if (round + 1 == BATCHES_PER_TASK) {
                TunnelConnection on = anyReadySender();
                if (on != null) {
                    on.executor().execute(this::drain); // still SCHEDULED: nobody else starts a drain
                    return;
                }
                break;
            }
        }
        if (!drainState.compareAndSet(SCHEDULED, IDLE)) {
            drainState.set(IDLE); // frames arrived during the last round
            wakeup();
        }
    }

    /** Hands each frame of {@link #batch} to its connection, one hand-over per connection. */
    private void dispatch() {
        if (flowEpoch != membershipEpoch) {
            // connections came or went: re-spread every flow (a one-off reordering, like SoftEther's switch)
            flowEpoch = membershipEpoch;
            Arrays.fill(flowOwner, null);
            for (TunnelConnection c : connections) {
                c.flows = 0;
            }
        }
        TunnelConnection priority = priorityConnection();
        // one connection: every flow goes to it, no hash to compute (a second one re-spreads them by epoch)
        boolean spread = connections.length > 1;
        for (int i = 0, n = batch.size(); i < n; i++) {
            ByteBuf frame = batch.get(i);
            TunnelConnection target;
            if (priority != null && isPriority(frame)) {
                target = priority;
            } else {
                target = ownerOf(spread ? FlowHash.of(frame) & (FLOW_BUCKETS - 1) : 0, priority);
            }
            if (target == null) {
                frame.release(); // every connection went away meanwhile
                continue;
            }
            if (target.outgoing.isEmpty()) {
                targets.add(target);
            }
            target.outgoing.add(frame);
        }
        for (int i = 0, n = targets.size(); i < n; i++) {
            targets.get(i).handOver();
        }
        targets.clear();
    }

    /** The connection for flow bucket {@code b}, (re)assigned when its owner is gone or backed up. */
    private TunnelConnection ownerOf(int b, TunnelConnection priority) {
        TunnelConnection owner = flowOwner[b];
        boolean usable = owner != null && owner != priority && owner.readyToSend();
        if (usable && owner.room() > 0) {
            return owner;
        }
        TunnelConnection fewest = null;
        TunnelConnection roomiest = null;
        long mostRoom = Long.MIN_VALUE;
        for (TunnelConnection c : connections) {
            if (c == priority || !c.readyToSend()) {
                continue;
            }
            long room = c.room();
            if (room > mostRoom) {
                roomiest = c;
                mostRoom = room;
            }
            if (room > 0 && (fewest == null || c.flows < fewest.flows)) {
                fewest = c;
            }
        }
        TunnelConnection next;
        if (!usable) {
            next = fewest != null ? fewest : roomiest != null ? roomiest : priority;
        } else {
            // backed up: move only to a connection with real room, else stay (no pointless reordering)
            next = roomiest != null && mostRoom > parameters.sendBufferShare() / 2 ? roomiest : owner;
        }
        if (next != owner) {
            if (owner != null) {
                owner.flows--;
            }
            if (next != null) {
                next.flows++;
            }
            flowOwner[b] = next;
        }
        return next;
    }

    private boolean isPriority(ByteBuf frame) {
        if (frame.nioBufferCount() != 1) {
            return false;
        }
        return qos.classify(frame.internalNioBuffer(frame.readerIndex(), frame.readableBytes())) == Priority.HIGH;
    }

    @Override
    public String toString() {
        return "TunnelSession[" + name + ", " + connections.length + "/" + parameters.maxConnections() + "]";
    }
}
