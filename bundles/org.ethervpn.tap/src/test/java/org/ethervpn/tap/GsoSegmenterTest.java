package org.ethervpn.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Software TCP segmentation as pure code: every segment checked field by field, checksums byte by byte ({@link Frames}). */
class GsoSegmenterTest {
    private static final int CWR = 0x80;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int FIN = 0x01;

    private final Random random = new Random(7);

    @Test
    void tcpV4() {
        for (int payload : new int[] {3000, 3001, 999, 1}) {
            byte[] data = new byte[payload];
            random.nextBytes(data);
            ByteBuffer f = superFrame(true, 32, data);
            check(f, true, 32, data, 1000);
        }
    }

    @Test
    void tcpV6() {
        byte[] data = new byte[64000];
        random.nextBytes(data);
        check(superFrame(false, 20, data), false, 20, data, 1440);
    }

    @Test
    void refused() {
        GsoSegmenter s = new GsoSegmenter();
        ByteBuffer v4 = superFrame(true, 20, new byte[3000]);
        assertFalse(s.start(MemorySegment.ofBuffer(v4), 5 /* UDP_L4 */, 1000, 1518));
        assertFalse(s.start(MemorySegment.ofBuffer(v4), GsoSegmenter.GSO_TCPV6, 1000, 1518), "type and frame disagree");
        assertFalse(s.start(MemorySegment.ofBuffer(v4), GsoSegmenter.GSO_TCPV4, 1500, 1518), "segments above the slot");
        assertFalse(s.start(MemorySegment.ofBuffer(v4), GsoSegmenter.GSO_TCPV4, 0, 1518));
        ByteBuffer v6 = superFrame(false, 20, new byte[3000]);
        v6.put(14 + 6, (byte) 0); // hop-by-hop extension header
        assertFalse(s.start(MemorySegment.ofBuffer(v6), GsoSegmenter.GSO_TCPV6, 1000, 1518));
        assertFalse(s.hasNext());
        assertTrue(s.start(MemorySegment.ofBuffer(v4), GsoSegmenter.GSO_TCPV4 | GsoSegmenter.GSO_ECN, 1000, 1518));
    }

    private static void check(ByteBuffer f, boolean v4, int tcpHeader, byte[] data, int mss) {
        GsoSegmenter s = new GsoSegmenter();
        int type = v4 ? GsoSegmenter.GSO_TCPV4 : GsoSegmenter.GSO_TCPV6;
        assertTrue(s.start(MemorySegment.ofBuffer(f), type, mss, 1518));
        int ip = 14;
        int tcp = ip + (v4 ? 20 : 40);
        int headers = tcp + tcpHeader;
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int segments = (data.length + mss - 1) / mss;
        for (int i = 0; i < segments; i++) {
            assertTrue(s.hasNext());
            MemorySegment dst = MemorySegment.ofArray(new byte[2048]);
            int len = s.next(dst);
            int chunk = Math.min(mss, data.length - i * mss);
            assertEquals(headers + chunk, len);
            ByteBuffer g = dst.asSlice(0, len).asByteBuffer();
            assertArrayEquals(Frames.bytes(f, 0, 14), Frames.bytes(g, 0, 14), "Ethernet header");
            if (v4) {
                assertEquals(len - 14, g.getShort(ip + 2) & 0xffff, "IPv4 total length");
                assertEquals((0xfffe + i) & 0xffff, g.getShort(ip + 4) & 0xffff, "IPv4 ID");
                assertEquals(0xffff, headerSum(g, ip, 20), "IPv4 header checksum");
            } else {
                assertEquals(len - 54, g.getShort(ip + 4) & 0xffff, "IPv6 payload length");
            }
            assertEquals(0xfffffff0 + i * mss, g.getInt(tcp + 4), "sequence number");
            assertEquals(f.getInt(tcp + 8), g.getInt(tcp + 8), "ack number");
            int flags = g.get(tcp + 13) & 0xff;
            assertEquals(ACK | (i == 0 ? CWR : 0) | (i == segments - 1 ? PSH | FIN : 0), flags, "flags of segment " + i);
            assertArrayEquals(Frames.bytes(f, tcp + 20, tcpHeader - 20), Frames.bytes(g, tcp + 20, tcpHeader - 20), "options");
            assertEquals(0xffff, Frames.transportSum(g), "TCP checksum of segment " + i);
            joined.writeBytes(Frames.bytes(g, headers, chunk));
        }
        assertFalse(s.hasNext());
        assertArrayEquals(data, joined.toByteArray());
    }

    private static int headerSum(ByteBuffer g, int from, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += g.getShort(from + i) & 0xffff;
        }
        return VnetHdr.fold(sum);
    }

    /** One TCP super-frame: CWR|ACK|PSH|FIN, sequence about to wrap, IPv4 ID about to wrap, checksum field garbage. */
    private ByteBuffer superFrame(boolean v4, int tcpHeader, byte[] data) {
        int tcpLen = tcpHeader + data.length;
        ByteBuffer f = ByteBuffer.allocate(14 + (v4 ? 20 : 40) + tcpLen);
        f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) (v4 ? 0x0800 : 0x86dd));
        if (v4) {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLen)).putShort((short) 0xfffe).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) 6).putShort((short) 0x1234).putInt(0x0a010203).putInt(0xc0a84dc8);
        } else {
            byte[] addr = new byte[32];
            random.nextBytes(addr);
            f.putInt(0x60000000).putShort((short) tcpLen).put((byte) 6).put((byte) 64).put(addr);
        }
        f.putShort((short) 40000).putShort((short) 5201).putInt(0xfffffff0).putInt(0x12345678)
                .put((byte) ((tcpHeader / 4) << 4)).put((byte) (CWR | ACK | PSH | FIN)).putShort((short) 512)
                .putShort((short) 0xbeef).putShort((short) 0);
        byte[] options = new byte[tcpHeader - 20];
        random.nextBytes(options);
        f.put(options).put(data);
        return f.clear();
    }
}
