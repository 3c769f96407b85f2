package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Super-frames as pure code: software segmentation checked field by field (checksums recomputed byte by byte here),
 * and the tunnel codecs carrying them whole between peers that agreed, dropping them everywhere else.
 */
class SuperFramesTest {
    private static final int MSS = 1448;

    @Test
    void aTcpV4SuperFrameIsCutAsTheKernelWould() {
        for (int payload : new int[] {1601, 5000, 64000}) {
            byte[] data = payload(payload);
            ByteBuf sf = superFrame(true, data, MSS, 0x19 /* FIN PSH ACK */ | 0x80 /* CWR */, 0xfffe, 0xfffffff0);
            List<ByteBuf> out = new ArrayList<>();
            int n = SuperFrames.segment(sf, ByteBufAllocator.DEFAULT, out);
            assertEquals(0, sf.refCnt(), "consumed");
            assertEquals((payload + MSS - 1) / MSS, n);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                ByteBuf s = out.get(i);
                byte[] b = new byte[s.readableBytes()];
                s.getBytes(s.readerIndex(), b);
                s.release();
                assertTrue(b.length <= TunnelLimits.MAX_FRAME_SIZE);
                int chunk = Math.min(MSS, payload - i * MSS);
                assertEquals(14 + 20 + 20 + chunk, b.length);
                assertEquals(20 + 20 + chunk, u16(b, 16), "IPv4 total length");
                assertEquals((0xfffe + i) & 0xffff, u16(b, 18), "IPv4 ID, wrapping");
                assertEquals(0xffff, fold(sum(b, 14, 34, 0)), "IPv4 header checksum");
                assertEquals((int) (0xfffffff0L + (long) i * MSS), (int) u32(b, 38), "sequence number, wrapping");
                int flags = b[14 + 20 + 13] & 0xff;
                assertEquals(i == 0, (flags & 0x80) != 0, "CWR on the first only");
                assertEquals(i == n - 1, (flags & 0x09) == 0x09, "FIN and PSH on the last only");
                assertTrue((flags & 0x10) != 0, "ACK everywhere");
                long pseudo = sum(b, 26, 34, 0) + 6 + (b.length - 34);
                assertEquals(0xffff, fold(sum(b, 34, b.length, pseudo)), "TCP checksum");
                joined.write(b, 54, chunk);
            }
            assertArrayEquals(data, joined.toByteArray());
        }
    }

    @Test
    void aTcpV6SuperFrameIsCutWithItsPayloadLengths() {
        byte[] data = payload(30000);
        ByteBuf sf = superFrame(false, data, 1428, 0x18, 0, 7);
        List<ByteBuf> out = new ArrayList<>();
        int n = SuperFrames.segment(sf, ByteBufAllocator.DEFAULT, out);
        assertEquals((30000 + 1427) / 1428, n);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            ByteBuf s = out.get(i);
            byte[] b = new byte[s.readableBytes()];
            s.getBytes(0, b);
            s.release();
            int chunk = Math.min(1428, 30000 - i * 1428);
            assertEquals(20 + chunk, u16(b, 18), "IPv6 payload length");
            assertEquals(7 + i * 1428, u32(b, 58));
            long pseudo = sum(b, 22, 54, 0) + 6 + (b.length - 54);
            assertEquals(0xffff, fold(sum(b, 54, b.length, pseudo)), "TCP checksum");
            joined.write(b, 74, chunk);
        }
        assertArrayEquals(data, joined.toByteArray());
    }

    @Test
    void framesThatCannotBeCutAreDroppedAndReleased() {
        ByteBuf udp = superFrame(true, payload(4000), MSS, 0x10, 1, 1);
        udp.setByte(udp.readerIndex() - 10 + 1, 5); // GSO_UDP_L4
        ByteBuf noHeader = Unpooled.directBuffer(3000).writeZero(3000); // a jumbo frame: nothing in front
        ByteBuf hugeMss = superFrame(true, payload(4000), 1600, 0x10, 1, 1); // segments above 1600 bytes
        ByteBuf badChecksumField = superFrame(true, payload(4000), MSS, 0x10, 1, 1);
        badChecksumField.setShortLE(badChecksumField.readerIndex() - 10 + 6, 4050); // checksum field beyond the frame
        for (ByteBuf f : List.of(udp, noHeader, hugeMss, badChecksumField)) {
            List<ByteBuf> out = new ArrayList<>();
            assertEquals(0, SuperFrames.segment(f, ByteBufAllocator.DEFAULT, out));
            assertTrue(out.isEmpty());
            assertEquals(0, f.refCnt());
        }
    }

    @Test
    void peersThatAgreedCarrySuperFramesWholeAndOthersDropThem() {
        byte[] data = payload(20000);
        EmbeddedChannel enc = new EmbeddedChannel(new TunnelEncoder(TunnelLimits.SUPER_FRAMES, 128, null, new Random(1)));
        ByteBuf sf = superFrame(true, data, MSS, 0x10, 1, 1);
        byte[] header = new byte[10];
        sf.getBytes(sf.readerIndex() - 10, header);
        byte[] frame = new byte[sf.readableBytes()];
        sf.getBytes(sf.readerIndex(), frame);
        ByteBuf plain = Unpooled.directBuffer(60).writeBytes(new byte[60]);
        enc.write(sf);
        enc.write(plain);
        enc.flush();
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null; b.release()) {
            wire.writeBytes(b);
        }
        assertEquals(4 + 4 + 10 + frame.length + 4 + 60, wire.readableBytes(), "one batch: the header travels with it");

        EmbeddedChannel agreed = new EmbeddedChannel(new TunnelDecoder(TunnelLimits.SUPER_FRAMES, null));
        agreed.writeInbound(wire.retainedDuplicate());
        TunnelBlock block = assertInstanceOf(TunnelBlock.class, agreed.readInbound());
        assertEquals(2, block.count());
        ByteBuf got = block.frame(0);
        assertTrue(SuperFrames.isSuperFrame(got));
        byte[] gotFrame = new byte[got.readableBytes()];
        got.getBytes(got.readerIndex(), gotFrame);
        byte[] gotHeader = new byte[10];
        got.getBytes(got.readerIndex() - 10, gotHeader);
        assertArrayEquals(frame, gotFrame);
        assertArrayEquals(header, gotHeader);
        assertFalse(SuperFrames.isSuperFrame(block.frame(1)));
        block.release();

        // a SoftEther peer (SoftEther's limits) ends the connection on such a block: why none is ever sent to one
        EmbeddedChannel softether = new EmbeddedChannel(new TunnelDecoder());
        assertThrows(TunnelProtocolException.class, () -> softether.writeInbound(wire));
        softether.finishAndReleaseAll();
        assertEquals(0, wire.refCnt());
    }

    @Test
    void anEncoderWithoutSuperFramesRefusesThem() {
        EmbeddedChannel enc = new EmbeddedChannel(new TunnelEncoder());
        ByteBuf sf = superFrame(true, payload(5000), MSS, 0x10, 1, 1);
        assertFalse(enc.writeOneOutbound(sf).isSuccess());
        assertEquals(0, sf.refCnt());
    }

    // ---------------------------------------------------------------- building frames

    /** A super-frame as a TAP delivers it, its virtio-net header in front of the reader index. */
    static ByteBuf superFrame(boolean v4, byte[] data, int mss, int flags, int id, long seq) {
        int ip = v4 ? 20 : 40;
        int len = 14 + ip + 20 + data.length;
        ByteBuf b = Unpooled.directBuffer(10 + len);
        b.writeByte(SuperFrames.F_NEEDS_CSUM).writeByte(v4 ? SuperFrames.GSO_TCPV4 : SuperFrames.GSO_TCPV6)
                .writeShortLE(14 + ip + 20).writeShortLE(mss).writeShortLE(14 + ip).writeShortLE(16);
        b.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).writeShort(v4 ? 0x0800 : 0x86dd);
        if (v4) {
            b.writeByte(0x45).writeByte(0).writeShort(ip + 20 + data.length).writeShort(id).writeShort(0x4000)
                    .writeByte(64).writeByte(6).writeShort(0).writeBytes(new byte[] {10, 0, 0, 1, 10, 0, 0, 2});
        } else {
            b.writeInt(0x60000000).writeShort(20 + data.length).writeByte(6).writeByte(64);
            for (int i = 0; i < 32; i++) {
                b.writeByte(i);
            }
        }
        b.writeShort(40000).writeShort(5201).writeInt((int) seq).writeInt(99).writeByte(5 << 4).writeByte(flags)
                .writeShort(512).writeShort(0x1234 /* pseudo-header sum, as the kernel leaves it */).writeShort(0);
        b.writeBytes(data);
        return b.readerIndex(10);
    }

    private static byte[] payload(int n) {
        byte[] d = new byte[n];
        new Random(n).nextBytes(d);
        return d;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }

    private static long u32(byte[] b, int i) {
        return (long) u16(b, i) << 16 | u16(b, i + 2);
    }

    private static long sum(byte[] b, int from, int to, long start) {
        long s = start;
        for (int i = from; i < to; i += 2) {
            s += (b[i] & 0xff) << 8 | (i + 1 < to ? b[i + 1] & 0xff : 0);
        }
        return s;
    }

    private static int fold(long s) {
        while (s >>> 16 != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }
}
