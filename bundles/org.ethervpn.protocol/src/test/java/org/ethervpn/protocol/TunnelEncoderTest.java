package org.ethervpn.protocol;

import static org.ethervpn.protocol.TunnelStreams.ARP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ResourceLeakDetector;

class TunnelEncoderTest {
    /** Every frame handed to an encoder; all must be released by it. */
    private final List<ByteBuf> frames = new ArrayList<>();
    /** Allocator of the channels: batches and keep-alives. */
    private final TrackingAllocator alloc = new TrackingAllocator();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everythingReleased() {
        for (ByteBuf b : frames) {
            assertEquals(0, b.refCnt(), "frame leaked");
        }
        alloc.assertAllReleased();
    }

    private ByteBuf frame(byte[] bytes) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        b.writeBytes(bytes);
        frames.add(b);
        return b;
    }

    /** Concatenates and releases everything written so far. */
    private static byte[] written(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object m; (m = ch.readOutbound()) != null;) {
            ByteBuf b = (ByteBuf) m;
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    private static void finish(EmbeddedChannel ch) {
        assertFalse(ch.finishAndReleaseAll(), "unread messages left");
    }

    @Test
    void arpExample() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder());
        ch.writeOutbound(frame(ARP));
        assertEquals("00000001" + "0000003c" + Hex.of(ARP), Hex.of(written(ch)));
        finish(ch);
    }

    @Test
    void keepAlives() {
        EmbeddedChannel ch = alloc.channel(
                new TunnelEncoder(TunnelLimits.DEFAULT, 128, null, new SplittableRandom(1)));
        ch.writeOutbound(TunnelKeepAlive.of(0));
        assertEquals("ffffffff00000000", Hex.of(written(ch)));

        ch.writeOutbound(TunnelKeepAlive.of(21));
        byte[] k = written(ch);
        assertEquals(8 + 21, k.length);
        assertEquals("ffffffff00000015", Hex.of(Arrays.copyOf(k, 8)));

        ch.writeOutbound(new TunnelKeepAlive(30, 40000));
        k = written(ch);
        assertEquals(38, k.length);
        assertEquals("ffffffff0000001e" + Hex.of("NATT_MY_PORT".getBytes()) + "9c40", Hex.of(Arrays.copyOf(k, 22)));
        finish(ch);
    }

    @Test
    void writesBeforeAFlushFormOneBatch() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder());
        ChannelFuture f1 = ch.writeOneOutbound(frame(new byte[] {1, 2}));
        ChannelFuture f2 = ch.writeOneOutbound(frame(new byte[] {3}));
        assertNull(ch.readOutbound(), "nothing before the flush");
        assertFalse(f1.isDone());
        ch.flushOutbound();
        assertEquals("00000002" + "00000002" + "0102" + "00000001" + "03", Hex.of(written(ch)));
        assertTrue(f1.isSuccess());
        assertTrue(f2.isSuccess());
        finish(ch);
    }

    @Test
    void batchesAreCutAtTheBatchSize() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder(TunnelLimits.DEFAULT, 3, null, null));
        for (int i = 0; i < 7; i++) {
            ch.writeOneOutbound(frame(new byte[] {(byte) i}));
        }
        ch.flushOutbound();
        List<String> batches = new ArrayList<>();
        for (Object m; (m = ch.readOutbound()) != null;) {
            batches.add(ByteBufUtil.hexDump((ByteBuf) m));
            ((ByteBuf) m).release();
        }
        assertEquals(List.of(
                "00000003" + "0000000100" + "0000000101" + "0000000102",
                "00000003" + "0000000103" + "0000000104" + "0000000105",
                "00000001" + "0000000106"), batches);
        finish(ch);
    }

    @Test
    void aBlockIsOneBatch() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder());
        TunnelBlock block = TunnelBlock.of(frame(new byte[] {1}), frame(new byte[] {2}), frame(new byte[] {3}));
        ByteBuf taken = block.detach(1);
        taken.release();
        ChannelFuture f = ch.writeOneOutbound(block);
        ch.flushOutbound();
        assertEquals("00000002" + "0000000101" + "0000000103", Hex.of(written(ch)));
        assertTrue(f.isSuccess());
        assertEquals(0, block.refCnt());

        ChannelFuture empty = ch.writeOneOutbound(TunnelBlock.empty());
        ch.flushOutbound();
        assertTrue(empty.isSuccess());
        assertNull(ch.readOutbound());
        finish(ch);
    }

    @Test
    void keepAlivesAndOtherMessagesKeepTheWriteOrder() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder());
        ch.writeOneOutbound(frame(new byte[] {1}));
        ch.writeOneOutbound(TunnelKeepAlive.of(0));
        ch.writeOneOutbound(frame(new byte[] {2}));
        ch.writeOneOutbound("pass-through");
        ch.writeOneOutbound(frame(new byte[] {3}));
        ch.flushOutbound();
        assertEquals("000000010000000101", hexAndRelease(ch.readOutbound()));
        assertEquals("ffffffff00000000", hexAndRelease(ch.readOutbound()));
        assertEquals("000000010000000102", hexAndRelease(ch.readOutbound()));
        assertEquals("pass-through", ch.readOutbound());
        assertEquals("000000010000000103", hexAndRelease(ch.readOutbound()));
        finish(ch);
    }

    private static String hexAndRelease(Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    @Test
    void longFramesFailTheirWriteAndEmptyOnesAreSkipped() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder());
        ChannelFuture tooLong = ch.writeOneOutbound(frame(new byte[1601]));
        ChannelFuture empty = ch.writeOneOutbound(frame(new byte[0]));
        ChannelFuture max = ch.writeOneOutbound(frame(new byte[1600]));
        ch.flushOutbound();
        assertInstanceOf(EncoderException.class, tooLong.cause());
        assertTrue(tooLong.cause().getMessage().contains("1601"));
        assertTrue(empty.isSuccess());
        assertTrue(max.isSuccess());
        assertEquals(4 + 4 + 1600, written(ch).length);
        finish(ch);
    }

    @Test
    void closingDiscardsWhatWasNotFlushed() {
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder());
        ChannelFuture f = ch.writeOneOutbound(frame(ARP));
        ch.close();
        assertInstanceOf(ClosedChannelException.class, f.cause());
        assertNull(ch.readOutbound());
        finish(ch);
    }

    @Test
    void compressedFramesAreIndependentZlibStreams() throws Exception {
        ZlibTestCodec.Compressor compressor = new ZlibTestCodec.Compressor();
        EmbeddedChannel ch = alloc.channel(new TunnelEncoder(TunnelLimits.DEFAULT, 128, compressor, null));
        byte[] zeros = new byte[1500];
        ch.writeOneOutbound(frame(ARP));
        ch.writeOneOutbound(frame(zeros));
        ch.writeOneOutbound(TunnelKeepAlive.of(0));
        ch.flushOutbound();
        byte[] wire = written(ch);
        ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(wire);
        assertEquals(2, in.readInt());
        for (byte[] expected : new byte[][] {ARP, zeros}) {
            byte[] z = new byte[in.readInt()];
            in.readBytes(z);
            Inflater inflater = new Inflater();
            inflater.setInput(z);
            byte[] out = new byte[2000];
            int n = inflater.inflate(out);
            assertTrue(inflater.finished());
            inflater.end();
            assertEquals(Hex.of(expected), Hex.of(Arrays.copyOf(out, n)));
        }
        assertEquals("ffffffff00000000", ByteBufUtil.hexDump(in), "keep-alives are not compressed");
        finish(ch);
        assertTrue(compressor.closed, "the encoder closes its compressor");
    }

    @Test
    void roundTripThroughTheDecoder() {
        for (boolean compress : new boolean[] {false, true}) {
            SplittableRandom random = new SplittableRandom(compress ? 11 : 12);
            EmbeddedChannel tx = alloc.channel(new TunnelEncoder(TunnelLimits.DEFAULT, 16,
                    compress ? new ZlibTestCodec.Compressor() : null, random));
            EmbeddedChannel rx = alloc.channel(new TunnelDecoder(TunnelLimits.DEFAULT,
                    compress ? new ZlibTestCodec.Decompressor() : null));
            List<String> expected = new ArrayList<>();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                if (random.nextInt(20) == 0) {
                    TunnelKeepAlive k = random.nextBoolean() ? TunnelKeepAlive.random(random)
                            : TunnelKeepAlive.randomWithPort(random, random.nextInt(65536));
                    tx.writeOneOutbound(k);
                    expected.add(TunnelStreams.keepAliveEvent(k.paddingLength(), k.nattPort()));
                } else {
                    byte[] f = new byte[random.nextInt(1, 1601)];
                    random.nextBytes(f);
                    if (random.nextBoolean()) {
                        Arrays.fill(f, f.length / 3, f.length, (byte) 0);
                    }
                    tx.writeOneOutbound(frame(f));
                    expected.add(TunnelStreams.frameEvent(f));
                }
                if (random.nextInt(8) == 0) {
                    tx.flushOutbound();
                    for (Object m; (m = tx.readOutbound()) != null;) {
                        rx.writeInbound(m);
                    }
                    TunnelStreams.drain(rx, got);
                }
            }
            tx.flushOutbound();
            for (Object m; (m = tx.readOutbound()) != null;) {
                rx.writeInbound(m);
            }
            TunnelStreams.drain(rx, got);
            assertEquals(expected, TunnelStreams.withoutEmpty(got), compress ? "compressed" : "plain");
            finish(tx);
            finish(rx);
        }
    }

    @Test
    void decodedBlocksCanBeForwarded() {
        // a hub passes a received block on to another connection without copying frames first
        EmbeddedChannel rx = alloc.channel(new TunnelDecoder());
        ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer();
        in.writeBytes(new TunnelStreams().batch(ARP, new byte[] {7}).toByteArray());
        frames.add(in);
        rx.writeInbound(in);
        TunnelBlock block = rx.readInbound();
        EmbeddedChannel tx = alloc.channel(new TunnelEncoder());
        tx.writeOutbound(block);
        assertEquals("00000002" + "0000003c" + Hex.of(ARP) + "00000001" + "07", Hex.of(written(tx)));
        finish(tx);
        finish(rx);
    }

    @Test
    void retainReturnsTheBlock() {
        TunnelBlock block = TunnelBlock.of(List.of(frame(new byte[] {1})));
        assertSame(block, block.retain());
        assertEquals(2, block.refCnt());
        block.release(2);
        assertEquals(0, block.refCnt());
    }
}
