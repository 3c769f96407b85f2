package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** Encoding into arrays and buffers, sizes, order. */
class PackEncoderTest {
    private static Pack sample() {
        return new Pack().addInt("i", 7).addInt64("l", 1L << 40).addStr("s", "str").addUniStr("u", "uni")
                .addData("d", new byte[] {1, 2}).appendStr("arr", "x").appendStr("arr", "");
    }

    @Test
    void encodedSizeMatches() {
        Pack p = sample();
        assertEquals(PackCodec.encode(p).length, PackCodec.encodedSize(p));
        assertEquals(4, PackCodec.encodedSize(new Pack()));
    }

    @Test
    void insertionOrderAndStrVersusUnistrLengths() {
        byte[] wire = PackCodec.encode(new Pack().addStr("z", "ab").addUniStr("a", "ab"));
        assertEquals("00000002" + "00000002 7a 00000002 00000001 00000002 6162".replace(" ", "")
                + "00000002 61 00000003 00000001 00000003 616200".replace(" ", ""), Hex.of(wire));
    }

    @Test
    void encodeIntoABufferAtItsPositionInBigEndian() throws PackException {
        Pack p = sample();
        ByteBuffer out = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        out.position(5);
        PackCodec.encode(p, out);
        assertEquals(5 + PackCodec.encodedSize(p), out.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, out.order());
        out.flip().position(5);
        assertEquals(p, PackCodec.decode(out));
        byte[] direct = new byte[(int) PackCodec.encodedSize(p)];
        ByteBuffer d = ByteBuffer.allocateDirect(direct.length);
        PackCodec.encode(p, d);
        d.flip().get(direct);
        assertArrayEquals(PackCodec.encode(p), direct);
    }

    @Test
    void tooSmallBufferWritesNothing() {
        Pack p = sample();
        ByteBuffer out = ByteBuffer.allocate((int) PackCodec.encodedSize(p) - 1);
        assertThrows(BufferOverflowException.class, () -> PackCodec.encode(p, out));
        assertEquals(0, out.position());
        assertArrayEquals(new byte[out.capacity()], out.array());
    }

    @Test
    void roundTripKeepsEverything() throws PackException {
        Pack p = sample();
        Pack back = PackCodec.decode(PackCodec.encode(p));
        assertEquals(p, back);
        assertEquals("uni", back.getUniStr("u"));
        assertEquals("", back.getStr("arr", 1));
        assertArrayEquals(PackCodec.encode(p), PackCodec.encode(back));
    }
}
