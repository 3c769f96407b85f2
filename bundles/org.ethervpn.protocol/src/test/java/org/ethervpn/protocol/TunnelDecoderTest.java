package org.ethervpn.protocol;

import static org.ethervpn.protocol.TunnelStreams.ARP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;

class TunnelDecoderTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** Every buffer handed to a decoder; all must be fully released at the end of each test. */
    private final List<ByteBuf> inputs = new ArrayList<>();
    /** Allocator of the decoders' channels (inflated frames). */
    private static TrackingAllocator alloc = new TrackingAllocator();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everythingReleased() {
        for (ByteBuf b : inputs) {
            assertEquals(0, b.refCnt(), "input buffer leaked");
        }
        alloc.assertAllReleased();
        alloc = new TrackingAllocator();
    }

    private ByteBuf input(byte[] bytes, int from, int to) {
        ByteBuf b = TunnelStreams.copy(ALLOC, bytes, from, to);
        inputs.add(b);
        return b;
    }

    private ByteBuf input(byte[] bytes) {
        return input(bytes, 0, bytes.length);
    }

    private static EmbeddedChannel plain() {
        return alloc.channel(new TunnelDecoder());
    }

    private static EmbeddedChannel compressed() {
        return alloc.channel(new TunnelDecoder(TunnelLimits.DEFAULT, new ZlibTestCodec.Decompressor()));
    }

    private static void finish(EmbeddedChannel ch) {
        assertFalse(ch.finishAndReleaseAll(), "unread messages left");
    }

    @Test
    void arpExampleIsOneZeroCopyFrame() {
        EmbeddedChannel ch = plain();
        ByteBuf in = input(new TunnelStreams().batch(ARP).toByteArray());
        ch.writeInbound(in);
        TunnelBlock block = ch.readInbound();
        assertEquals(1, block.count());
        ByteBuf frame = block.frame(0);
        assertEquals(ByteBufUtil.hexDump(ARP), ByteBufUtil.hexDump(frame));
        // a slice of the input, not a copy: writing the input shows through
        in.setByte(8, 0x12);
        assertEquals(0x12, frame.getByte(0));
        assertTrue(in.refCnt() > 0, "the frame keeps the input alive");
        block.release();
        assertEquals(0, frame.refCnt());
        finish(ch);
    }

    @Test
    void keepAliveWithoutPadding() {
        EmbeddedChannel ch = plain();
        ch.writeInbound(input(Hex.parse("ffffffff 00000000")));
        assertEquals(new TunnelKeepAlive(0, -1), ch.readInbound());
        finish(ch);
    }

    @Test
    void keepAliveAnnouncingAPort() {
        byte[] padding = new byte[40];
        System.arraycopy("NATT_MY_PORT".getBytes(StandardCharsets.US_ASCII), 0, padding, 0, 12);
        padding[12] = (byte) 0x9c;
        padding[13] = 0x40;
        EmbeddedChannel ch = plain();
        ch.writeInbound(input(new TunnelStreams().keepAlive(padding).toByteArray()));
        TunnelKeepAlive k = ch.readInbound();
        assertEquals(40, k.paddingLength());
        assertEquals(40000, k.nattPort());
        assertTrue(k.hasNattPort());

        // too short to carry the port: plain padding
        byte[] shortPadding = new byte[13];
        System.arraycopy(padding, 0, shortPadding, 0, 13);
        ch.writeInbound(input(new TunnelStreams().keepAlive(shortPadding).toByteArray()));
        assertFalse(((TunnelKeepAlive) ch.readInbound()).hasNattPort());
        finish(ch);
    }

    @Test
    void keepAliveAtTheLimit() {
        EmbeddedChannel ch = plain();
        ch.writeInbound(input(new TunnelStreams().keepAlive(new byte[512]).toByteArray()));
        assertEquals(TunnelKeepAlive.of(512), ch.readInbound());
        finish(ch);
    }

    @Test
    void batchesAndKeepAlivesKeepTheirOrder() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5};
        TunnelStreams s = new TunnelStreams().batch(a).keepAlive(new byte[3]).batch(b, a);
        EmbeddedChannel ch = plain();
        ch.writeInbound(input(s.toByteArray()));
        Object first = ch.readInbound();
        assertInstanceOf(TunnelBlock.class, first);
        assertEquals(1, ((TunnelBlock) first).count());
        ((TunnelBlock) first).release();
        assertInstanceOf(TunnelKeepAlive.class, ch.readInbound());
        TunnelBlock last = ch.readInbound();
        assertEquals(2, last.count(), "frames of one read come as one block");
        last.release();
        assertNull(ch.readInbound());
        finish(ch);
    }

    @Test
    void framesOfSeveralBatchesInOneReadShareABlock() {
        TunnelStreams s = new TunnelStreams().batch(ARP).batch(ARP, ARP).batch(ARP);
        EmbeddedChannel ch = plain();
        ch.writeInbound(input(s.toByteArray()));
        TunnelBlock block = ch.readInbound();
        assertEquals(4, block.count());
        assertEquals(240, block.totalBytes());
        block.release();
        finish(ch);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void sameEventsWhateverTheChunking(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TunnelStreams s = TunnelStreams.random(random, 150);
        byte[] stream = s.toByteArray();
        assertEquals(s.events, decodeInChunks(stream, () -> stream.length, TunnelDecoderTest::plain));
        assertEquals(s.events, decodeInChunks(stream, () -> random.nextInt(1, 5000), TunnelDecoderTest::plain));

        // byte by byte is slow under paranoid leak detection: a shorter stream
        TunnelStreams small = TunnelStreams.random(random, 15);
        byte[] smallStream = small.toByteArray();
        assertEquals(small.events, decodeInChunks(smallStream, () -> 1, TunnelDecoderTest::plain));
        assertEquals(small.events, decodeInChunks(smallStream, () -> random.nextInt(1, 9), TunnelDecoderTest::plain));
    }

    @Test
    void compressedStreamWhateverTheChunking() {
        SplittableRandom random = new SplittableRandom(9);
        TunnelStreams s = new TunnelStreams();
        for (int i = 0; i < 60; i++) {
            byte[][] frames = new byte[random.nextInt(1, 5)][];
            for (int j = 0; j < frames.length; j++) {
                // half compressible, half random
                frames[j] = new byte[random.nextInt(1, 1601)];
                random.nextBytes(frames[j]);
                if (j % 2 == 0) {
                    java.util.Arrays.fill(frames[j], frames[j].length / 2, frames[j].length, (byte) 7);
                }
            }
            s.compressedBatch(random.nextBoolean() ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION, frames);
            if (i % 7 == 0) {
                s.keepAlive(new byte[random.nextInt(100)]);
            }
        }
        byte[] stream = s.toByteArray();
        assertEquals(s.events, decodeInChunks(stream, () -> stream.length, TunnelDecoderTest::compressed));
        byte[] head = java.util.Arrays.copyOf(stream, 8000);
        List<String> headEvents = decodeInChunks(head, () -> head.length, TunnelDecoderTest::compressed);
        assertEquals(headEvents, decodeInChunks(head, () -> 1, TunnelDecoderTest::compressed));
        assertEquals(s.events, decodeInChunks(stream, () -> random.nextInt(1, 3000), TunnelDecoderTest::compressed));
    }

    private List<String> decodeInChunks(byte[] stream, Supplier<Integer> chunkSize, Supplier<EmbeddedChannel> channel) {
        EmbeddedChannel ch = channel.get();
        List<String> events = new ArrayList<>();
        for (int offset = 0; offset < stream.length;) {
            int end = Math.min(stream.length, offset + chunkSize.get());
            ch.writeInbound(input(stream, offset, end));
            TunnelStreams.drain(ch, events);
            offset = end;
        }
        finish(ch);
        return TunnelStreams.withoutEmpty(events);
    }

    @Test
    void truncatedAtAnyOffsetOnlyWaits() {
        byte[] padding = new byte[30];
        System.arraycopy("NATT_MY_PORT".getBytes(StandardCharsets.US_ASCII), 0, padding, 0, 12);
        byte[] big = new byte[1600];
        new SplittableRandom(5).nextBytes(big);
        TunnelStreams s = new TunnelStreams()
                .keepAlive(new byte[0])
                .batch(ARP, new byte[0], new byte[] {9})
                .batch()
                .keepAlive(padding)
                .batch(big)
                .batch(new byte[] {1, 2, 3, 4, 5});
        byte[] stream = s.toByteArray();
        for (int cut = 0; cut <= stream.length; cut++) {
            EmbeddedChannel ch = plain();
            List<String> events = new ArrayList<>();
            ch.writeInbound(input(stream, 0, cut));
            TunnelStreams.drain(ch, events);
            List<String> prefix = TunnelStreams.withoutEmpty(events);
            assertEquals(s.events.subList(0, prefix.size()), prefix, "cut at " + cut);
            if (cut < stream.length) {
                ch.writeInbound(input(stream, cut, stream.length));
                TunnelStreams.drain(ch, events);
            }
            assertEquals(s.events, TunnelStreams.withoutEmpty(events), "cut at " + cut);
            // end of stream in the middle of a unit is not an error either
            finish(ch);
        }
    }

    @Test
    void truncatedStreamClosedMidUnitIsNotAnError() {
        byte[] stream = new TunnelStreams().batch(ARP).toByteArray();
        for (int cut = 1; cut < stream.length; cut++) {
            EmbeddedChannel ch = plain();
            ch.writeInbound(input(stream, 0, cut));
            assertNull(ch.readInbound());
            finish(ch);
        }
    }

    @Test
    void tooManyFramesFailAtTheCount() {
        EmbeddedChannel ch = plain();
        TunnelProtocolException e = assertThrows(TunnelProtocolException.class,
                () -> ch.writeInbound(input(Hex.parse("00001001"))));
        assertTrue(e.getMessage().contains("4097"), e.getMessage());
        finish(ch);

        EmbeddedChannel huge = plain();
        assertThrows(TunnelProtocolException.class, () -> huge.writeInbound(input(Hex.parse("fffffffe"))));
        finish(huge);

        EmbeddedChannel limited = alloc.channel(new TunnelDecoder(new TunnelLimits(1600, 3200, 512, 2), null));
        limited.writeInbound(input(new TunnelStreams().batch(ARP, ARP).toByteArray()));
        ((TunnelBlock) limited.readInbound()).release();
        assertThrows(TunnelProtocolException.class,
                () -> limited.writeInbound(input(new TunnelStreams().batch(ARP, ARP, ARP).toByteArray())));
        finish(limited);
    }

    @Test
    void oversizedBlockFailsBeforeItsBytesArrive() {
        EmbeddedChannel ch = plain();
        TunnelProtocolException e = assertThrows(TunnelProtocolException.class,
                () -> ch.writeInbound(input(Hex.parse("00000001 00000c81"))));
        assertTrue(e.getMessage().contains("3201"), e.getMessage());
        finish(ch);

        // inside a batch, 0xFFFFFFFF is a length, not a keep-alive marker
        EmbeddedChannel marker = plain();
        assertThrows(TunnelProtocolException.class,
                () -> marker.writeInbound(input(Hex.parse("00000002 00000001 aa ffffffff"))));
        ((TunnelBlock) marker.readInbound()).release();
        finish(marker);
    }

    @Test
    void oversizedKeepAliveFailsBeforeItsBytesArrive() {
        EmbeddedChannel ch = plain();
        TunnelProtocolException e = assertThrows(TunnelProtocolException.class,
                () -> ch.writeInbound(input(Hex.parse("ffffffff 00000201"))));
        assertTrue(e.getMessage().contains("513"), e.getMessage());
        finish(ch);

        EmbeddedChannel max = plain();
        assertThrows(TunnelProtocolException.class, () -> max.writeInbound(input(Hex.parse("ffffffff ffffffff"))));
        finish(max);
    }

    @Test
    void framesBeforeAFailureAreDeliveredAndLaterInputIgnored() {
        byte[] stream = new TunnelStreams().batch(ARP).raw(Hex.parse("ffffffff 00001000")).toByteArray();
        EmbeddedChannel ch = plain();
        assertThrows(TunnelProtocolException.class, () -> ch.writeInbound(input(stream)));
        TunnelBlock block = ch.readInbound();
        assertEquals(1, block.count());
        block.release();
        // the connection is to be closed; until then more input is discarded quietly
        ch.writeInbound(input(new TunnelStreams().batch(ARP).toByteArray()));
        assertNull(ch.readInbound());
        finish(ch);
    }

    @Test
    void longFramesAreDroppedAndCounted() {
        TunnelDecoder decoder = new TunnelDecoder();
        EmbeddedChannel ch = alloc.channel(decoder);
        byte[] stream = new TunnelStreams()
                .batch(new byte[1601]).batch(new byte[3200]).batch(new byte[1600]).toByteArray();
        ch.writeInbound(input(stream));
        TunnelBlock block = ch.readInbound();
        assertEquals(1, block.count());
        assertEquals(1600, block.frame(0).readableBytes());
        block.release();
        assertEquals(2, decoder.droppedFrames());
        finish(ch);
    }

    @Test
    void unitsWithoutFramesStillSignalLiveness() {
        EmbeddedChannel ch = plain();
        ch.writeInbound(input(Hex.parse("00000000")));
        TunnelBlock empty = ch.readInbound();
        assertTrue(empty.isEmpty());
        empty.release();
        ch.writeInbound(input(Hex.parse("00000002 00000000 00000000")));
        empty = ch.readInbound();
        assertTrue(empty.isEmpty());
        empty.release();
        ch.writeInbound(input(Hex.parse("00000001 00000c80")));
        assertNull(ch.readInbound(), "no liveness before the unit is complete");
        ch.writeInbound(input(new byte[3200]));
        empty = ch.readInbound();
        assertTrue(empty.isEmpty(), "a dropped frame is still a complete unit");
        empty.release();
        finish(ch);
    }

    @Test
    void compressedArpExampleOfTheSpec() {
        byte[] zlib = Hex.parse("789cfbff1f04e2181818b8b838d818183918d858181821fc032be47c19c000c86264c00000df6c0a5b");
        assertEquals(41, zlib.length);
        byte[] stream = new TunnelStreams().u32(1).u32(41).raw(zlib).toByteArray();
        EmbeddedChannel ch = compressed();
        ch.writeInbound(input(stream));
        TunnelBlock block = ch.readInbound();
        assertEquals(ByteBufUtil.hexDump(ARP), ByteBufUtil.hexDump(block.frame(0)));
        assertEquals(1, alloc.count(), "inflated into one buffer from the channel's allocator");
        block.release();
        finish(ch);
    }

    @Test
    void compressedFramesThatDoNotInflateAreDropped() {
        TunnelDecoder decoder = new TunnelDecoder(TunnelLimits.DEFAULT, new ZlibTestCodec.Decompressor());
        EmbeddedChannel ch = alloc.channel(decoder);
        byte[] bomb = ZlibTestCodec.compress(new byte[1601], Deflater.BEST_COMPRESSION);
        byte[] truncated = java.util.Arrays.copyOf(ZlibTestCodec.compress(ARP, 6), 20);
        byte[] stream = new TunnelStreams()
                .u32(4)
                .u32(ARP.length).raw(ARP) // not zlib at all
                .u32(bomb.length).raw(bomb) // inflates beyond 1600
                .u32(truncated.length).raw(truncated)
                .u32(0)
                .compressedBatch(6, new byte[1600])
                .toByteArray();
        ch.writeInbound(input(stream));
        TunnelBlock block = ch.readInbound();
        assertEquals(1, block.count());
        assertEquals(1600, block.frame(0).readableBytes());
        block.release();
        assertEquals(3, decoder.droppedFrames());
        finish(ch);
    }

    @Test
    void decompressorIsClosedWithTheChannel() {
        ZlibTestCodec.Decompressor d = new ZlibTestCodec.Decompressor();
        EmbeddedChannel ch = alloc.channel(new TunnelDecoder(TunnelLimits.DEFAULT, d));
        assertFalse(d.closed);
        finish(ch);
        assertTrue(d.closed);
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new TunnelLimits(0, 3200, 512, 1));
        assertThrows(IllegalArgumentException.class, () -> new TunnelLimits(1600, 1500, 512, 1));
        assertThrows(IllegalArgumentException.class, () -> new TunnelLimits(1600, 3200, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TunnelLimits(1600, 3200, 512, 0));
    }
}
