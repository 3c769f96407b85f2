package org.ethervpn.securenat.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ethervpn.securenat.engine.Frames;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** What a client's IP stack does with SecureNAT's fragments, with every rule checked on the way. */
public final class Reassembly {
    private Reassembly() {
    }

    /** Checks each fragment (header checksum, size, 8-byte offsets, MF on all but the last) and joins them. */
    public static byte[] check(List<ByteBuf> fragments, int id, int mtu) {
        ByteBuf whole = Unpooled.buffer();
        int expected = 0;
        for (int i = 0; i < fragments.size(); i++) {
            ByteBuf f = fragments.get(i);
            int ip = f.readerIndex();
            assertNull(Ipv4.check(f, ip, f.readableBytes()));
            assertTrue(Ipv4.totalLength(f, ip) <= mtu);
            assertEquals(id, Ipv4.id(f, ip));
            int flags = f.getUnsignedShort(ip + 6);
            assertEquals(expected, (flags & 0x1FFF) * 8);
            boolean last = i == fragments.size() - 1;
            assertEquals(!last, (flags & 0x2000) != 0, "more fragments");
            int len = Ipv4.payloadLength(f, ip);
            if (!last) {
                assertEquals(0, len % 8);
            }
            whole.writeBytes(f, Ipv4.payload(f, ip), len);
            expected += len;
            f.release();
        }
        return Frames.bytes(whole);
    }
}
