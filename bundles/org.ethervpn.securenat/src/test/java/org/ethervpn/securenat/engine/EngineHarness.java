package org.ethervpn.securenat.engine;

import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.securenat.SecureNatContext;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A real {@link Engine} driven by hand, without sockets or threads: frames in with {@link #send},
 * what it sends to the hub out with {@link #take}, time moved with {@link #advance}. Pieces under
 * test are installed on {@link #engine} before {@link #start()}. Its NAT may reach 127.0.0.0/8 (where
 * tests run their peers), unlike the runtime's.
 */
public final class EngineHarness implements SecureNatContext, AutoCloseable {
    public static final String HOST_MAC = "5E-00-00-00-00-01";
    private final SecureNatOptions options;
    private final java.util.concurrent.ConcurrentLinkedQueue<ByteBuf> out = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long now = TimeUnit.HOURS.toNanos(1);
    public final Engine engine;

    public EngineHarness() {
        this(SecureNatOptions.defaults(HOST_MAC), FlowLimits.DEFAULT);
    }

    public EngineHarness(SecureNatOptions options, FlowLimits limits) {
        this(options, limits, null);
    }

    /**
     * With {@code io}, relay pieces open real sockets on that loop; then call {@link #send},
     * {@link #take} and {@link #advance} on the loop too (e.g. {@code io.loop().submit(...).get()}),
     * since the engine's state belongs to it. The clock is still moved by hand.
     */
    public EngineHarness(SecureNatOptions options, FlowLimits limits, Io io) {
        this(options, limits, io, PooledByteBufAllocator.DEFAULT, NatLog.STDERR);
    }

    /** With the allocator the engine takes its frames from (a fuzz target counts them) and where its log goes. */
    public EngineHarness(SecureNatOptions options, FlowLimits limits, Io io, ByteBufAllocator alloc, NatLog log) {
        this.options = options;
        this.engine = new Engine(this, HostConfig.of(options), io, () -> now, log, limits, alloc, true);
    }

    public EngineHarness start() {
        engine.start();
        return this;
    }

    /** Gives the engine one frame (it takes the reference). */
    public void send(ByteBuf frame) {
        engine.receive(frame);
    }

    /** The next frame the engine sent to the hub, or null; the caller releases it. */
    public ByteBuf take() {
        return out.poll();
    }

    public int pending() {
        return out.size();
    }

    /** Moves the clock and runs one tick. */
    public void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
        engine.tick();
    }

    public long now() {
        return now;
    }

    @Override
    public String hub() {
        return "TEST";
    }

    @Override
    public SecureNatOptions options() {
        return options;
    }

    @Override
    public void toHub(ByteBuf frame) {
        out.add(frame);
    }

    @Override
    public void close() {
        engine.close();
        out.forEach(ByteBuf::release);
        out.clear();
    }
}
