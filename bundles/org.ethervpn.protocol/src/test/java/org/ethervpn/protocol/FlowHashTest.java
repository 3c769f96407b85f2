package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class FlowHashTest {

    /** An Ethernet + IPv4 + UDP frame; {@code vlan} > 0 adds an 802.1Q tag. */
    static ByteBuf udp4(int srcPort, int dstPort, int payloadByte, int vlan, int fragmentField) {
        ByteBuf f = Unpooled.buffer();
        f.writeBytes(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        if (vlan > 0) {
            f.writeShort(0x8100).writeShort(vlan);
        }
        f.writeShort(0x0800);
        f.writeByte(0x45).writeByte(0).writeShort(28 + 4).writeShort(7).writeShort(fragmentField).writeByte(64)
                .writeByte(17).writeShort(0);
        f.writeInt(0x0A000001).writeInt(0x0A000002);
        f.writeShort(srcPort).writeShort(dstPort).writeShort(12).writeShort(0);
        f.writeInt(payloadByte * 0x01010101);
        return f;
    }

    @Test
    void framesOfOneFlowHashAlikeWhateverTheirPayload() {
        assertEquals(FlowHash.of(udp4(4000, 53, 1, 0, 0)), FlowHash.of(udp4(4000, 53, 99, 0, 0)));
    }

    @Test
    void portsAddressesAndVlansSeparateFlows() {
        int base = FlowHash.of(udp4(4000, 53, 1, 0, 0));
        assertNotEquals(base, FlowHash.of(udp4(4001, 53, 1, 0, 0)));
        assertNotEquals(base, FlowHash.of(udp4(4000, 54, 1, 0, 0)));
        assertNotEquals(base, FlowHash.of(udp4(4000, 53, 1, 10, 0)));
        assertNotEquals(FlowHash.of(udp4(4000, 53, 1, 10, 0)), FlowHash.of(udp4(4000, 53, 1, 11, 0)));
    }

    @Test
    void fragmentsIgnoreWhatLooksLikePorts() {
        // a later fragment has no UDP header: its "ports" are payload, so they must not count
        int offsetFragment = 0x00B9; // offset 185 * 8
        assertEquals(FlowHash.of(udp4(1, 2, 1, 0, offsetFragment)), FlowHash.of(udp4(7, 9, 1, 0, offsetFragment)));
        int firstFragment = 0x2000; // MF set: the flow of its later fragments, not of its ports
        assertEquals(FlowHash.of(udp4(1, 2, 1, 0, firstFragment)), FlowHash.of(udp4(7, 9, 1, 0, offsetFragment)));
    }

    @Test
    void manyFlowsFillTheBucketsEvenly() {
        int[] counts = new int[8];
        Set<Integer> distinct = new HashSet<>();
        for (int port = 10_000; port < 18_000; port++) {
            int h = FlowHash.of(udp4(port, 5201, 0, 0, 0));
            distinct.add(h);
            counts[h & 7]++;
        }
        assertEquals(8000, distinct.size(), "no collisions among 8000 port pairs");
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "bucket counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void shortAndNonIpFramesAndTheReaderIndexAreHandled() {
        ByteBuf arp = Unpooled.buffer().writeBytes(new byte[12]).writeShort(0x0806).writeBytes(new byte[28]);
        FlowHash.of(arp);
        FlowHash.of(Unpooled.wrappedBuffer(new byte[5]));
        ByteBuf truncated = udp4(1, 2, 1, 0, 0);
        truncated.writerIndex(20); // IPv4 header cut short: no read past the frame
        FlowHash.of(truncated);
        ByteBuf shifted = Unpooled.buffer().writeBytes(new byte[7]).writeBytes(udp4(4000, 53, 1, 0, 0));
        shifted.readerIndex(7);
        assertEquals(FlowHash.of(udp4(4000, 53, 1, 0, 0)), FlowHash.of(shifted));
        assertEquals(7, shifted.readerIndex());
    }
}
