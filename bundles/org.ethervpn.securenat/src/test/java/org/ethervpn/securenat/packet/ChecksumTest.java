package org.ethervpn.securenat.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The eight-bytes-at-a-time sum against the RFC 1071 definition, word by word. */
class ChecksumTest {
    private static int reference(int sum, byte[] b, int from, int length) {
        long s = sum & 0xFFFF_FFFFL;
        for (int i = 0; i + 1 < length; i += 2) {
            s += (b[from + i] & 0xFF) << 8 | (b[from + i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            s += (b[from + length - 1] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    @Test
    void sameAsWordByWordForAnyLengthOffsetAndStartingSum() {
        Random r = new Random(1);
        byte[] b = new byte[4000];
        for (int round = 0; round < 2000; round++) {
            r.nextBytes(b);
            if (round % 7 == 0) {
                Arrays.fill(b, (byte) 0xFF); // carries everywhere
            }
            int from = r.nextInt(64);
            int length = r.nextInt(b.length - from);
            int sum = round % 3 == 0 ? -1 : r.nextInt(1 << 20);
            ByteBuf buf = Unpooled.wrappedBuffer(b);
            int fast = Checksum.add(sum, buf, from, length);
            assertTrue(fast >= 0, "a non-negative partial sum");
            assertEquals(Checksum.finish(reference(sum, b, from, length)), Checksum.finish(fast), "length " + length + " from " + from);
        }
    }
}
