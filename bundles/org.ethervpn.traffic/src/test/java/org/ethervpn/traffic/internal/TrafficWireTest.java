package org.ethervpn.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

class TrafficWireTest {
    @Test
    void bannerIsSixteenBytesEndingInNul() {
        assertEquals("547261666669635365727665720d0a00", HexFormat.of().formatHex(TrafficWire.BANNER));
        assertTrue(TrafficWire.isBanner(TrafficWire.banner()));
        ByteBuf other = Unpooled.copiedBuffer(TrafficWire.BANNER);
        other.setByte(15, ' ');
        assertFalse(TrafficWire.isBanner(other));
        assertFalse(TrafficWire.isBanner(Unpooled.wrappedBuffer(TrafficWire.BANNER, 0, 15)));
    }

    @Test
    void headerIsDirectionSessionAndSpanBigEndian() {
        ByteBuf b = TrafficWire.header(new TrafficWire.Header(true, 0x0102030405060708L, 15_000));
        assertEquals("01" + "0102030405060708" + "0000000000003a98", ByteBufUtil.hexDump(b));
        ByteBuf up = TrafficWire.header(new TrafficWire.Header(false, -1L, 1000));
        assertEquals("00" + "ffffffffffffffff" + "00000000000003e8", ByteBufUtil.hexDump(up));
    }

    @Test
    void headerIsReadOnlyWhenComplete() {
        ByteBuf b = TrafficWire.header(new TrafficWire.Header(false, 42, 3000));
        ByteBuf part = b.slice(0, 16);
        assertNull(TrafficWire.readHeader(part));
        assertEquals(0, part.readerIndex());
        TrafficWire.Header h = TrafficWire.readHeader(b);
        assertEquals(new TrafficWire.Header(false, 42, 3000), h);
        assertFalse(b.isReadable());
        // any non-zero direction byte means the server sends, as SoftEther reads it
        ByteBuf seven = Unpooled.buffer().writeByte(7).writeLong(1).writeLong(2);
        assertTrue(TrafficWire.readHeader(seven).serverSends());
    }

    @Test
    void reportIsEightBytesBigEndian() {
        assertEquals("000000012a05f200", ByteBufUtil.hexDump(TrafficWire.report(5_000_000_000L)));
    }

    @Test
    void dataNeverHoldsAStopByteAndTheBurstIsAllStops() {
        byte[] block = TrafficWire.block(new Random(1));
        assertEquals(65535, block.length);
        for (byte x : block) {
            assertTrue(x != '!');
        }
        ByteBuf burst = TrafficWire.stopBurst();
        assertEquals(512, burst.readableBytes());
        byte[] all = new byte[512];
        java.util.Arrays.fill(all, (byte) '!');
        assertArrayEquals(all, ByteBufUtil.getBytes(burst));
    }

    @Test
    void indexOfStopIsRelativeToTheReaderIndex() {
        ByteBuf b = Unpooled.copiedBuffer("abc!def", java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(3, TrafficWire.indexOfStop(b));
        b.readByte();
        assertEquals(2, TrafficWire.indexOfStop(b));
        assertEquals(-1, TrafficWire.indexOfStop(Unpooled.copiedBuffer("abc", java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void giveUpIsThreeSpansAndThreeMinutes() {
        assertEquals(225_000, TrafficWire.giveUpMillis(15_000));
    }
}
