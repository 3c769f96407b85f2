package org.ethervpn.qos.voip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.ethervpn.api.qos.Priority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VoipQosPolicyTest {
    final VoipQosPolicy policy = new VoipQosPolicy();

    /** An Ethernet + IPv4 frame of {@code len} bytes with the given ethertype, ToS and protocol. */
    static ByteBuffer frame(int len, int ethertype, int tos, int protocol) {
        ByteBuffer b = ByteBuffer.allocate(len);
        if (len >= 14) {
            b.putShort(12, (short) ethertype);
        }
        if (len >= 24) {
            b.put(14, (byte) 0x45);
            b.put(15, (byte) tos);
            b.put(23, (byte) protocol);
        }
        return b;
    }

    @ParameterizedTest(name = "{0} bytes, type {1}, tos {2}, proto {3} -> {4}")
    @CsvSource({
        "1514, 0x0800, 0xb8, 17, HIGH",    // EF (voice) over UDP
        "1514, 0x0800, 0x10, 6,  HIGH",    // low-delay TOS
        "1514, 0x0800, 0x08, 6,  NORMAL",  // maximise throughput: bulk
        "1514, 0x0800, 0x00, 6,  NORMAL",
        "98,   0x0800, 0x00, 1,  HIGH",    // a ping
        "34,   0x0800, 0x00, 1,  HIGH",    // lower bound
        "128,  0x0800, 0x00, 1,  HIGH",    // upper bound
        "129,  0x0800, 0x00, 1,  NORMAL",  // large ICMP is bulk
        "33,   0x0800, 0xb8, 17, NORMAL",  // too short to be IPv4
        "1514, 0x86dd, 0xb8, 17, NORMAL",  // IPv6 is not classified (as SoftEther)
        "60,   0x0806, 0x00, 0,  NORMAL",  // ARP
    })
    void classifiesLikeSoftEther(int len, String type, String tos, int proto, Priority expected) {
        ByteBuffer f = frame(len, Integer.decode(type), Integer.decode(tos), proto);
        assertEquals(expected, policy.classify(f));
    }

    @Test
    void honoursBufferPositionAndLeavesItUntouched() {
        ByteBuffer f = ByteBuffer.allocate(200);
        f.position(50);
        ByteBuffer ping = frame(98, 0x0800, 0, 1);
        f.put(ping.array());
        f.flip();
        f.position(50);
        assertEquals(Priority.HIGH, policy.classify(f));
        assertEquals(50, f.position());
        assertEquals(148, f.limit());
    }

    @Test
    void ignoresRuntFrames() {
        assertEquals(Priority.NORMAL, policy.classify(ByteBuffer.allocate(0)));
        assertEquals(Priority.NORMAL, policy.classify(ByteBuffer.allocate(13)));
    }
}
