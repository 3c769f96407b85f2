package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/** Pooled buffers, each remembered, so a test can assert that every one was released. */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();
    private int count;

    TrackingAllocator() {
        super(true);
    }

    /** An embedded channel whose handlers allocate from this allocator. */
    EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel(handlers);
        ch.config().setAllocator(this);
        return ch;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(PooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(PooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    int count() {
        return count;
    }

    /** Capacity of the buffers not yet released: what the handlers hold right now (released ones are forgotten). */
    long liveBytes() {
        allocated.removeIf(b -> b.refCnt() == 0);
        long sum = 0;
        for (ByteBuf b : allocated) {
            sum += b.capacity();
        }
        return sum;
    }

    void assertAllReleased() {
        for (ByteBuf b : allocated) {
            assertEquals(0, b.refCnt(), "a buffer allocated by a handler was not released");
        }
    }

    private ByteBuf track(ByteBuf b) {
        allocated.add(b);
        count++;
        return b;
    }
}
