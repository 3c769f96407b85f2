package org.ethervpn.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Checksum completion as pure code: frames with a right TCP/UDP checksum (computed by {@link Frames#transportSum},
 * byte by byte), then the field replaced by the pseudo-header sum as the kernel leaves it for CHECKSUM_PARTIAL,
 * then {@link VnetHdr#apply}: the frame must be the right one again.
 */
class VnetHdrTest {
    private static final byte[] SRC4 = {10, 1, 2, 3};
    private static final byte[] DST4 = {(byte) 192, (byte) 168, 77, (byte) 200};

    private final Random random = new Random(42);

    @Test
    void tcpOverIpv4AllLengths() {
        for (int payload = 0; payload <= 9; payload++) {
            roundTrip(ipv4(6, 20, payload), 34, 16);
        }
        roundTrip(ipv4(6, 32, 1448), 34, 16); // TCP options, full-sized segment
    }

    @Test
    void udpOverIpv6OddAndEven() {
        for (int payload : new int[] {0, 1, 3, 513, 1452}) {
            roundTrip(ipv6(17, 8, payload), 54, 6);
        }
    }

    @Test
    void zeroResultIsStoredAsAllOnes() {
        ByteBuffer f = ipv4(17, 8, 2);
        f.putShort(42, (short) 0); // payload word W: choose it so that the full sum folds to 0xffff
        f.putShort(34 + 6, (short) 0);
        int s = Frames.transportSum(f);
        f.putShort(42, (short) (0xffff - s));
        f.putShort(34 + 6, (short) 0);
        assertEquals(0xffff, Frames.transportSum(f), "the checksum would compute to 0");
        ByteBuffer buf = partial(f, 34, 6);
        assertEquals(VnetHdr.Verdict.CHECKSUM_COMPLETED, VnetHdr.apply(MemorySegment.ofBuffer(buf), buf.capacity()));
        assertEquals((short) 0xffff, buf.getShort(VnetHdr.SIZE + 34 + 6), "0 means 'no checksum' to UDP: 0xffff instead");
        assertEquals(0xffff, Frames.transportSum(buf.slice(VnetHdr.SIZE, buf.capacity() - VnetHdr.SIZE)));
    }

    @Test
    void untouchedWithoutTheFlagGsoAndBadOffsets() {
        ByteBuffer f = ipv4(6, 20, 100);
        ByteBuffer buf = withHeader(f, 0, 0, 34, 16); // no NEEDS_CSUM: a complete frame
        byte[] before = buf.array().clone();
        assertEquals(VnetHdr.Verdict.AS_IS, VnetHdr.apply(MemorySegment.ofBuffer(buf), buf.capacity()));
        assertArrayEquals(before, buf.array());

        ByteBuffer gso = withHeader(f, VnetHdr.F_NEEDS_CSUM, 1 /* TCPV4 */, 34, 16);
        assertEquals(VnetHdr.Verdict.GSO, VnetHdr.apply(MemorySegment.ofBuffer(gso), gso.capacity()));

        int frameLen = f.capacity();
        ByteBuffer bad = withHeader(f, VnetHdr.F_NEEDS_CSUM, 0, frameLen - 1, 0); // field would end past the frame
        byte[] badBefore = bad.array().clone();
        assertEquals(VnetHdr.Verdict.BAD_OFFSETS, VnetHdr.apply(MemorySegment.ofBuffer(bad), bad.capacity()));
        assertArrayEquals(badBefore, bad.array());
        ByteBuffer edge = withHeader(f, VnetHdr.F_NEEDS_CSUM, 0, frameLen - 2, 0); // just fits
        assertEquals(VnetHdr.Verdict.CHECKSUM_COMPLETED, VnetHdr.apply(MemorySegment.ofBuffer(edge), edge.capacity()));
        assertEquals(VnetHdr.Verdict.BAD_OFFSETS, VnetHdr.apply(MemorySegment.ofBuffer(edge), 5)); // shorter than a header
    }

    /** Makes {@code right}'s checksum partial, applies the header, expects {@code right} again. */
    private static void roundTrip(ByteBuffer right, int start, int offset) {
        assertEquals(0xffff, Frames.transportSum(right), "test frame has a right checksum");
        ByteBuffer buf = partial(right, start, offset);
        assertEquals(VnetHdr.Verdict.CHECKSUM_COMPLETED, VnetHdr.apply(MemorySegment.ofBuffer(buf), buf.capacity()));
        byte[] fixed = new byte[right.capacity()];
        buf.get(VnetHdr.SIZE, fixed);
        assertArrayEquals(right.array(), fixed, "length " + right.capacity());
    }

    /** header + {@code right} with its checksum field replaced by the folded pseudo-header sum (what CHECKSUM_PARTIAL leaves). */
    private static ByteBuffer partial(ByteBuffer right, int start, int offset) {
        ByteBuffer f = ByteBuffer.wrap(right.array().clone());
        f.putShort(start + offset, (short) 0);
        int full = Frames.transportSum(f); // pseudo + segment with a zero field
        f.putShort(start + offset, (short) 0);
        long segmentOnly = 0;
        for (int i = start; i < f.capacity(); i += 2) {
            segmentOnly += (f.get(i) & 0xff) << 8 | (i + 1 < f.capacity() ? f.get(i + 1) & 0xff : 0);
        }
        // pseudo = full - segment in ones' complement: full + ~segment
        int pseudo = VnetHdr.fold(full + (~VnetHdr.fold(segmentOnly) & 0xffff));
        f.putShort(start + offset, (short) pseudo);
        return withHeader(f, VnetHdr.F_NEEDS_CSUM, 0, start, offset);
    }

    private static ByteBuffer withHeader(ByteBuffer frame, int flags, int gsoType, int start, int offset) {
        ByteBuffer buf = ByteBuffer.allocate(VnetHdr.SIZE + frame.capacity()).order(ByteOrder.nativeOrder());
        buf.put((byte) flags).put((byte) gsoType).putShort((short) 0).putShort((short) 0).putShort((short) start)
                .putShort((short) offset);
        buf.put(frame.array());
        return buf.order(ByteOrder.BIG_ENDIAN).clear();
    }

    /** Ethernet + IPv4 + TCP/UDP header of {@code l4Header} bytes + random payload, checksum right. */
    private ByteBuffer ipv4(int proto, int l4Header, int payload) {
        int l4Len = l4Header + payload;
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + l4Len);
        f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4Len)).putShort((short) 0x1234).putShort((short) 0x4000)
                .put((byte) 64).put((byte) proto).putShort((short) 0).put(SRC4).put(DST4);
        return finish(f, 34, proto, l4Header, l4Len);
    }

    private ByteBuffer ipv6(int proto, int l4Header, int payload) {
        int l4Len = l4Header + payload;
        ByteBuffer f = ByteBuffer.allocate(14 + 40 + l4Len);
        f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x86dd);
        f.putInt(0x60000000).putShort((short) l4Len).put((byte) proto).put((byte) 64);
        byte[] addr = new byte[32];
        random.nextBytes(addr);
        f.put(addr);
        return finish(f, 54, proto, l4Header, l4Len);
    }

    private ByteBuffer finish(ByteBuffer f, int l4, int proto, int l4Header, int l4Len) {
        byte[] rest = new byte[l4Len];
        random.nextBytes(rest);
        f.put(rest);
        if (proto == 17) {
            f.putShort(l4 + 4, (short) l4Len);
        } else {
            f.put(l4 + 12, (byte) ((l4Header / 4) << 4));
        }
        int field = l4 + Frames.checksumOffset(proto);
        f.putShort(field, (short) 0);
        f.clear();
        f.putShort(field, (short) ~Frames.transportSum(f));
        return f;
    }
}
