package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.concurrent.FastThreadLocalThread;

/** The decoder's recycled frame windows behave as slices of their read, and the decoder reuses them. */
class FrameSliceTest {
    private static ByteBuf parent(ByteBufAllocator alloc, boolean direct) {
        ByteBuf p = direct ? alloc.directBuffer(64) : alloc.heapBuffer(64);
        for (int i = 0; i < 64; i++) {
            p.writeByte(i);
        }
        return p;
    }

    @Test
    void readsAndWritesGoToTheParentAtTheFramesOffset() {
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuf p = parent(ByteBufAllocator.DEFAULT, direct);
            ByteBuf f = FrameSlice.of(p, 10, 20);
            assertEquals(2, p.refCnt(), "a frame holds one reference of its read");
            assertEquals(20, f.readableBytes());
            assertEquals(20, f.capacity());
            assertEquals(10, f.getByte(0));
            assertEquals(0x0a0b0c0d, f.getInt(0));
            assertEquals(0x0d0c0b0a, f.getIntLE(0));
            assertEquals(0x161718191a1b1c1dL, f.getLong(12));
            byte[] copy = new byte[20];
            f.getBytes(0, copy);
            for (int i = 0; i < 20; i++) {
                assertEquals(10 + i, copy[i]);
            }
            ByteBuffer nio = f.nioBuffer();
            assertEquals(20, nio.remaining());
            assertEquals(10, nio.get(nio.position()));
            if (direct && p.hasMemoryAddress()) {
                assertEquals(p.memoryAddress() + 10, f.memoryAddress());
            }
            if (!direct && p.hasArray()) {
                assertEquals(p.arrayOffset() + 10, f.arrayOffset());
                assertSame(p.array(), f.array());
            }
            f.setByte(1, 99);
            assertEquals(99, p.getByte(11), "a write lands in the parent");
            assertThrows(IndexOutOfBoundsException.class, () -> f.getByte(20), "no read past the frame");
            assertThrows(IndexOutOfBoundsException.class, () -> f.getBytes(15, new byte[10]));
            assertThrows(UnsupportedOperationException.class, () -> f.capacity(40));
            assertThrows(IndexOutOfBoundsException.class, () -> f.writeByte(1), "the window cannot grow");
            ByteBuf sub = f.slice(5, 5);
            assertEquals(15, sub.getByte(0), "a slice of a frame is relative to the frame");
            assertTrue(f.release());
            assertEquals(1, p.refCnt(), "releasing the frame gives its reference of the read back");
            assertThrows(IllegalReferenceCountException.class, () -> f.getByte(0), "a released frame refuses access");
            p.release();
        }
    }

    @Test
    void aWindowOutsideItsParentIsRefusedWithoutTakingAReference() {
        ByteBuf p = Unpooled.buffer(16).writeZero(16);
        assertThrows(IndexOutOfBoundsException.class, () -> FrameSlice.of(p, 10, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> FrameSlice.of(p, -1, 2));
        assertEquals(1, p.refCnt());
        p.release();
    }

    /**
     * Netty's recycler pools on its own threads only (event loops; here a thread lent to it), one new object in
     * eight; a released pooled one is the next one handed out.
     */
    @Test
    void aRecycledFrameStartsFreshWithItsNewParent() {
        FastThreadLocalThread.runWithFastThreadLocal(FrameSliceTest::recycledFrameStartsFresh);
    }

    private static void recycledFrameStartsFresh() {
        ByteBuf p = parent(ByteBufAllocator.DEFAULT, false);
        ByteBuf f = null;
        ByteBuf again = null;
        for (int i = 0; i < 32 && (again == null || again != f); i++) {
            f = FrameSlice.of(p, 0, 30);
            f.readerIndex(7);
            f.markReaderIndex();
            f.release();
            again = FrameSlice.of(p, 40, 8);
            if (again != f) {
                again.release();
            }
        }
        assertSame(f, again, "the same thread gets a released window back");
        assertEquals(0, again.readerIndex());
        assertEquals(8, again.writerIndex());
        assertEquals(8, again.maxCapacity());
        assertEquals(1, again.refCnt());
        again.resetReaderIndex();
        assertEquals(0, again.readerIndex(), "marks of the earlier use are gone");
        assertEquals(40, again.getByte(0));
        again.release();
        assertEquals(1, p.refCnt());
        p.release();
    }

    /** Reads of one frame each, each released before the next: later reads reuse the block and frame objects. */
    @Test
    void theDecoderReusesItsBlocksAndFramesOnceReleased() {
        FastThreadLocalThread.runWithFastThreadLocal(FrameSliceTest::decoderReuses);
    }

    private static void decoderReuses() {
        EmbeddedChannel ch = new EmbeddedChannel(new TunnelDecoder());
        int sameBlock = 0;
        int sameFrame = 0;
        TunnelBlock previous = null;
        ByteBuf previousFrame = null;
        for (int i = 0; i < 64; i++) {
            TunnelBlock block = decodeOne(ch, 60 + i);
            ByteBuf frame = block.frame(0);
            assertInstanceOf(FrameSlice.class, frame);
            assertEquals(60 + i, frame.readableBytes());
            assertEquals((byte) 1, frame.getByte(1));
            sameBlock += block == previous ? 1 : 0;
            sameFrame += frame == previousFrame ? 1 : 0;
            previous = block;
            previousFrame = frame;
            block.release();
        }
        // the recycler pools one new object in eight: once one is pooled, every later read takes it again
        assertTrue(sameBlock >= 48, "blocks reused: " + sameBlock + " of 63");
        assertTrue(sameFrame >= 48, "frames reused: " + sameFrame + " of 63");
        assertFalse(ch.finish());
    }

    /** A composite read (an in-memory carriage hands the encoder's output on as it is) decodes like a flat one. */
    @Test
    void aCompositeReadSplitAcrossUnitsDecodesFrameForFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new TunnelDecoder());
        ByteBuf unit = batch(1500, 100);
        CompositeByteBuf first = Unpooled.compositeBuffer();
        first.addComponent(true, unit.retainedSlice(0, 700));
        first.addComponent(true, unit.retainedSlice(700, 300));
        ch.writeInbound(first);
        assertNull(ch.readInbound(), "no frame before it is complete");
        CompositeByteBuf rest = Unpooled.compositeBuffer();
        rest.addComponent(true, unit.retainedSlice(1000, 400));
        rest.addComponent(true, unit.retainedSlice(1400, unit.readableBytes() - 1400));
        ch.writeInbound(rest);
        TunnelBlock block = ch.readInbound();
        assertEquals(2, block.count());
        byte[] expected = new byte[1500];
        unit.getBytes(8, expected);
        byte[] got = new byte[1500];
        block.frame(0).getBytes(0, got);
        assertArrayEquals(expected, got);
        assertEquals(100, block.frame(1).readableBytes());
        block.release();
        unit.release();
        assertFalse(ch.finish());
    }

    private static TunnelBlock decodeOne(EmbeddedChannel ch, int size) {
        ch.writeInbound(batch(size));
        TunnelBlock block = ch.readInbound();
        assertEquals(1, block.count());
        return block;
    }

    /** One batch of frames of the given sizes, each frame filled with its index in the batch. */
    private static ByteBuf batch(int... sizes) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            b.writeInt(sizes[i]);
            for (int k = 0; k < sizes[i]; k++) {
                b.writeByte(i + k);
            }
        }
        return b;
    }
}
