package org.ethervpn.compress.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.ethervpn.api.compress.BlockCompressor;
import org.ethervpn.api.compress.BlockDecompressor;
import org.ethervpn.api.compress.CompressionException;
import org.junit.jupiter.api.Test;

class DeflateCodecTest {
    /** The 60-byte ARP frame of the session spec §5.1 and SoftEther's level-6 zlib of it (§5.5). */
    static final byte[] ARP = HexFormat.of().parseHex(
            "ffffffffffff5e0000000a0a08060001080006040001"
                    + "5e0000000a0ac0a81e4d000000000000c0a81e01000000000000000000000000000000000000");
    static final byte[] ARP_SOFTETHER_ZLIB = HexFormat.of().parseHex(
            "789cfbff1f04e2181818b8b838d818183918d858181821fc032be47c19c000c86264c00000df6c0a5b");

    final DeflateCodec codec = new DeflateCodec();

    @Test
    void inflatesWhatSoftEtherSends() throws Exception {
        try (BlockDecompressor d = codec.newDecompressor()) {
            ByteBuffer out = ByteBuffer.allocate(1600);
            int n = d.decompress(ByteBuffer.wrap(ARP_SOFTETHER_ZLIB), out);
            assertEquals(60, n);
            assertArrayEquals(ARP, java.util.Arrays.copyOf(out.array(), n));
        }
    }

    @Test
    void producesOneIndependentZlibStreamPerBlockAtFastestLevel() throws Exception {
        try (BlockCompressor c = codec.newCompressor()) {
            for (int i = 0; i < 3; i++) {
                ByteBuffer out = ByteBuffer.allocate(c.maxCompressedLength(ARP.length));
                int n = c.compress(ByteBuffer.wrap(ARP), out);
                byte[] block = java.util.Arrays.copyOf(out.array(), n);
                // zlib header: CM=8, and FLEVEL 0 = fastest; each block inflates alone
                assertEquals(0x78, block[0] & 0xff);
                assertEquals(0, (block[1] & 0xff) >> 6, "FLEVEL must say fastest");
                Inflater inf = new Inflater();
                inf.setInput(block);
                byte[] plain = new byte[100];
                assertEquals(60, inf.inflate(plain));
                assertTrue(inf.finished());
                inf.end();
            }
        }
    }

    @Test
    void roundTripsRandomAndCompressibleFrames() throws Exception {
        Random rnd = new Random(42);
        try (BlockCompressor c = codec.newCompressor(); BlockDecompressor d = codec.newDecompressor()) {
            for (int len : new int[] {0, 1, 14, 60, 1514, 9000}) {
                byte[] frame = new byte[len];
                if (len % 2 == 0) {
                    rnd.nextBytes(frame);
                }
                ByteBuffer z = ByteBuffer.allocateDirect(c.maxCompressedLength(len));
                c.compress(ByteBuffer.wrap(frame), z);
                z.flip();
                ByteBuffer out = ByteBuffer.allocate(len);
                d.decompress(z, out);
                assertArrayEquals(frame, out.array());
            }
        }
    }

    @Test
    void refusesBlocksThatInflateBeyondTheRoomGiven() throws Exception {
        byte[] zeros = new byte[1_000_000];
        Deflater def = new Deflater(9);
        def.setInput(zeros);
        def.finish();
        byte[] bomb = new byte[4096];
        int n = def.deflate(bomb);
        def.end();
        try (BlockDecompressor d = codec.newDecompressor()) {
            CompressionException e = assertThrows(CompressionException.class,
                    () -> d.decompress(ByteBuffer.wrap(bomb, 0, n), ByteBuffer.allocate(1600)));
            assertTrue(e.getMessage().contains("more than 1600"), e.getMessage());
            // the decompressor stays usable after a refusal
            ByteBuffer out = ByteBuffer.allocate(1600);
            assertEquals(60, d.decompress(ByteBuffer.wrap(ARP_SOFTETHER_ZLIB), out));
        }
    }

    @Test
    void reportsTruncatedAndGarbageBlocks() {
        try (BlockDecompressor d = codec.newDecompressor()) {
            assertThrows(CompressionException.class, () -> d.decompress(
                    ByteBuffer.wrap(ARP_SOFTETHER_ZLIB, 0, 20), ByteBuffer.allocate(1600)));
            assertThrows(CompressionException.class,
                    () -> d.decompress(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), ByteBuffer.allocate(1600)));
        }
    }

    @Test
    void refusesTooSmallOutputOnCompress() {
        try (BlockCompressor c = codec.newCompressor()) {
            assertThrows(CompressionException.class,
                    () -> c.compress(ByteBuffer.wrap(ARP), ByteBuffer.allocate(10)));
        }
    }
}
