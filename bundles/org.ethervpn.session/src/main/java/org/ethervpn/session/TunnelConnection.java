package org.ethervpn.session;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.KeepAlivePolicy;
import org.ethervpn.protocol.TunnelBlock;
import org.ethervpn.protocol.TunnelKeepAlive;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

/**
 * One TCP connection of a {@link TunnelSession} in tunnel mode, the last handler of its pipeline.
 * Receives blocks and keep-alives, sends batches when the session picks it, sends keep-alives
 * (§5.3) and closes itself when nothing complete arrived for the session timeout (§5.4). Its end
 * only ever affects itself: the session goes on with its other connections (unlike §5.9).
 */
public final class TunnelConnection extends ChannelInboundHandlerAdapter {
    private final TunnelSession session;
    private final Channel channel;
    private final ConnectionDirection direction;
    private final String name;
    private final String tls;
    private final KeepAlivePolicy keepAlive;
    private final Instant connected = Instant.now();
    private final ArrayList<ByteBuf> batch = new ArrayList<>(TunnelSession.BATCH_FRAMES);
    /** Bytes handed over to this connection's event loop and not yet written there. */
    private final AtomicLong handedOver = new AtomicLong();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    /** Frames the session's drain picked for this connection (drain-only). */
    final ArrayList<ByteBuf> outgoing = new ArrayList<>();
    /** Flow buckets the session's drain assigned to this connection (drain-only). */
    int flows;
    private volatile ChannelHandlerContext ctx;
    private boolean ticking;
    private long lastReceiveNanos = System.nanoTime();
    private volatile boolean receivedAny;
    private long nextKeepAliveNanos;
    private volatile boolean active = true;
    private volatile String closeReason;

    TunnelConnection(TunnelSession session, Channel channel, ConnectionDirection direction, String name, String tls,
            KeepAlivePolicy keepAlive) {
        this.session = session;
        this.channel = channel;
        this.direction = direction;
        this.name = name;
        this.tls = tls;
        this.keepAlive = keepAlive;
    }

    public String name() {
        return name;
    }

    public ConnectionDirection direction() {
        return direction;
    }

    public String tls() {
        return tls;
    }

    public Instant connected() {
        return connected;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public Channel channel() {
        return channel;
    }

    public boolean isActive() {
        return active && channel.isActive();
    }

    public boolean canSend() {
        return direction.canSend(session.isServerSide());
    }

    public boolean canReceive() {
        return direction.canReceive(session.isServerSide());
    }

    public long framesIn() {
        return framesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long framesOut() {
        return framesOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /**
     * Whether anything complete (a block or a keep-alive) has arrived on this connection. A live peer
     * sends a keep-alive as soon as the connection enters tunnel mode (§5.3), so a connection that
     * closes without one never worked.
     */
    public boolean receivedAny() {
        return receivedAny;
    }

    /** Closes this connection only; {@code reason} is reported to the session listener. */
    public void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        active = false;
        channel.close();
    }

    // ---------------------------------------------------------------- pipeline events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!channel.isActive()) {
            return; // channelInactive follows and detaches us
        }
        LoopTicker.join(ctx.executor(), this);
        ticking = true;
        // After the current task: whoever attached us may still be rearranging the pipeline
        // (with use_encrypt=0 the TLS handler goes next, and the keep-alive must not go through it).
        ctx.executor().execute(() -> {
            if (isActive() && canSend()) {
                sendKeepAlive(); // at once on entering tunnel mode, like SoftEther
            }
            session.wakeup();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReceiveNanos = System.nanoTime();
        receivedAny = true;
        session.received();
        if (msg instanceof TunnelBlock block) {
            try {
                int n = block.count();
                if (n == 0) {
                    return;
                }
                if (!canReceive()) {
                    return; // frames on a send-only half-duplex connection are dropped
                }
                int bytes = block.totalBytes();
                for (int i = 0; i < n; i++) {
                    batch.add(block.detach(i));
                }
                framesIn.add(n);
                bytesIn.add(bytes);
                try {
                    session.link().received(batch);
                } finally {
                    batch.clear();
                }
            } finally {
                block.release();
            }
        } else {
            ReferenceCountUtil.release(msg); // keep-alive: proof of life only
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            session.wakeup();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(describe(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        active = false;
        if (ticking) {
            ticking = false;
            LoopTicker.leave(ctx.executor(), this);
        }
        String reason = closeReason;
        session.detached(this, reason == null ? "closed by the peer" : reason);
        ctx.fireChannelInactive();
    }

    // ---------------------------------------------------------------- sending

    EventExecutor executor() {
        return channel.eventLoop();
    }

    /** In the pipeline, open, and allowed to send in its direction. */
    boolean readyToSend() {
        return ctx != null && canSend() && isActive();
    }

    /** Bytes this connection takes before it counts as backed up (its share of the send buffer). */
    long room() {
        return channel.bytesBeforeUnwritable() - handedOver.get();
    }

    /**
     * Writes {@link #outgoing} on this connection's event loop: directly when the drain runs there,
     * else as one task for the whole lot (never a task per frame).
     */
    void handOver() {
        ArrayList<ByteBuf> frames = new ArrayList<>(outgoing);
        outgoing.clear();
        long bytes = 0;
        for (int i = 0, n = frames.size(); i < n; i++) {
            bytes += frames.get(i).readableBytes();
        }
        EventExecutor loop = executor();
        if (loop.inEventLoop()) {
            write(frames, bytes);
            return;
        }
        handedOver.addAndGet(bytes);
        long total = bytes;
        try {
            loop.execute(() -> {
                handedOver.addAndGet(-total);
                write(frames, total);
            });
        } catch (RejectedExecutionException e) {
            handedOver.addAndGet(-total);
            frames.forEach(ByteBuf::release); // the event loop is shutting down
        }
    }

    private void write(List<ByteBuf> frames, long bytes) {
        ChannelHandlerContext c = ctx;
        if (c == null || !isActive()) {
            frames.forEach(ByteBuf::release);
            return;
        }
        for (int i = 0, n = frames.size(); i < n; i++) {
            c.write(frames.get(i), c.voidPromise());
        }
        c.flush();
        framesOut.add(frames.size());
        bytesOut.add(bytes);
        nextKeepAliveNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(keepAlive.nextIntervalMillis(
                ThreadLocalRandom.current()));
    }

    private void sendKeepAlive() {
        ctx.writeAndFlush(TunnelKeepAlive.random(ThreadLocalRandom.current()), ctx.voidPromise());
        nextKeepAliveNanos = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(keepAlive.nextIntervalMillis(ThreadLocalRandom.current()));
    }

    /** Once a second ({@link LoopTicker}): receive timeout (§5.4) and keep-alives (§5.3). */
    void tick() {
        if (!isActive()) {
            return;
        }
        long now = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(keepAlive.timeoutMillis());
        if (canReceive() && now - lastReceiveNanos > timeout) {
            close("nothing received for " + keepAlive.timeoutMillis() + " ms (session timeout)");
            return;
        }
        if (!canReceive() && now - session.lastReceiveNanos() > timeout) {
            close("the session received nothing for " + keepAlive.timeoutMillis() + " ms");
            return;
        }
        if (canSend() && now - nextKeepAliveNanos >= 0) {
            sendKeepAlive();
        }
    }

    private static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && c.getMessage() == null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public String toString() {
        return "TunnelConnection[" + name + " " + direction + " " + channel.remoteAddress() + "]";
    }
}
