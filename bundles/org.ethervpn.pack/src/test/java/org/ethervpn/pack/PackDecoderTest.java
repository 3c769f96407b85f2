package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The decoder's checks: every malformed input is a PackException with a useful message. */
class PackDecoderTest {
    private static PackException fails(String hex) {
        return fails(Hex.bytes(hex), PackLimits.DEFAULT);
    }

    private static PackException fails(byte[] bytes, PackLimits limits) {
        return assertThrows(PackException.class, () -> PackCodec.decode(bytes, limits));
    }

    private static void assertMentions(PackException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void emptyPackIsValid() throws PackException {
        Pack p = PackCodec.decode(Hex.bytes("00000000"));
        assertEquals(0, p.size());
        assertEquals("00000000", Hex.of(PackCodec.encode(new Pack())));
    }

    @Test
    void everyTruncationOfValidPacksFails() {
        for (String tv : new String[] {TestVectorsTest.TV2, TestVectorsTest.TV3, TestVectorsTest.TV4,
                TestVectorsTest.TV5, TestVectorsTest.TV6}) {
            byte[] wire = Hex.bytes(tv);
            for (int n = 0; n < wire.length; n++) {
                byte[] cut = Arrays.copyOf(wire, n);
                PackException e = fails(cut, PackLimits.DEFAULT);
                assertTrue(e.offset() >= 0 && e.offset() <= n, e.getMessage());
                ByteBuffer prefix = ByteBuffer.wrap(cut);
                assertThrows(PackException.class, () -> PackCodec.decodePrefix(prefix, PackLimits.DEFAULT));
                assertEquals(0, prefix.position(), "position is unchanged on failure");
            }
        }
    }

    @Test
    void truncationMessageSaysWhatIsMissing() {
        PackException e = fails("00000001 00000006 6572726f72 00000000 00000001 0000");
        assertMentions(e, "element #0 'error'", "1 INT values but only 2 bytes follow");
        assertEquals(17, e.offset());
        e = fails("00000001 00000010 6162636465666768696a6b6c6d6e6f 0000");
        assertMentions(e, "element #0 'abcdefghijklmno'", "truncated", "the value type needs 4 bytes but only 2 remain");
        assertEquals(23, e.offset());
    }

    @Test
    void hugeElementCountFailsFast() {
        PackException e = fails("7fffffff 00000002 61 00000002 00000001 0000");
        assertMentions(e, "2147483647 elements");
        e = fails(Hex.bytes("7fffffff 0000000000000000000000"), PackLimits.SOFTETHER.withMaxElements(Integer.MAX_VALUE));
        assertMentions(e, "2147483647 elements but only 11 bytes follow");
        assertMentions(fails("ffffffff 00000000"), "4294967295 elements, more than the limit of 4096");
    }

    @Test
    void elementCountOverLimit() {
        Pack p = new Pack();
        for (int i = 0; i < 5; i++) {
            p.addInt("n" + i, i);
        }
        byte[] wire = PackCodec.encode(p);
        assertMentions(fails(wire, PackLimits.DEFAULT.withMaxElements(4)), "5 elements, more than the limit of 4");
        assertThrowsNothing(wire, PackLimits.DEFAULT.withMaxElements(5));
    }

    @Test
    void hugeValueCountFailsFast() {
        PackException e = fails(Hex.bytes("00000001 00000002 61 00000000 7fffffff 00000000 00000000"),
                PackLimits.DEFAULT.withMaxValuesPerElement(Integer.MAX_VALUE));
        assertMentions(e, "element #0 'a'", "2147483647 INT values but only 8 bytes follow");
        assertEquals(13, e.offset());
    }

    @Test
    void valueCountOverLimit() {
        byte[] wire = PackCodec.encode(new Pack().appendInt("a", 1).appendInt("a", 2).appendInt("a", 3));
        assertMentions(fails(wire, PackLimits.DEFAULT.withMaxValuesPerElement(2)), "3 values, more than the limit of 2");
        assertThrowsNothing(wire, PackLimits.DEFAULT.withMaxValuesPerElement(3));
    }

    @Test
    void zeroValueCount() {
        assertMentions(fails("00000001 00000002 61 00000000 00000000 00000000"), "value count is 0");
    }

    @Test
    void zeroNameLength() {
        PackException e = fails("00000001 00000000 00000000 00000001 00000005");
        assertMentions(e, "element #0", "name length field is 0");
        assertEquals(4, e.offset());
    }

    @Test
    void hugeNameLength() {
        assertMentions(fails("00000001 ffffffff 00000000 00000001 00000005"), "name", "needs 4294967294 bytes");
    }

    @Test
    void unknownType() {
        PackException e = fails("00000001 00000002 61 00000005 00000001 00000000");
        assertMentions(e, "'a'", "value type 5 is unknown");
        assertEquals(9, e.offset());
        assertMentions(fails("00000001 00000002 61 ffffffff 00000001 00000000"), "value type 4294967295");
    }

    @Test
    void negativeValueSize() {
        PackException e = fails(Hex.bytes("00000001 00000002 61 00000001 00000001 80000000 00"),
                PackLimits.SOFTETHER.withMaxValueSize(Integer.MAX_VALUE));
        assertMentions(e, "DATA value #0: it declares 2147483648 bytes", "negative");
        assertMentions(fails("00000001 00000002 61 00000002 00000001 ffffffff 00"), "4294967295 bytes");
    }

    @Test
    void valueSizeOverLimitAndOverInput() {
        byte[] wire = PackCodec.encode(new Pack().addData("d", new byte[100]));
        assertMentions(fails(wire, PackLimits.DEFAULT.withMaxValueSize(99)), "DATA value #0: it has 100 bytes, more than the limit of 99");
        assertThrowsNothing(wire, PackLimits.DEFAULT.withMaxValueSize(100));
        assertMentions(fails(Hex.bytes("00000001 00000002 64 00000001 00000001 7ffffff0 0000"),
                PackLimits.SOFTETHER.withMaxValueSize(Integer.MAX_VALUE)), "truncated", "needs 2147483632 bytes but only 2 remain");
    }

    @Test
    void packSizeLimit() {
        byte[] wire = PackCodec.encode(new Pack().addData("d", new byte[100]));
        assertMentions(fails(wire, PackLimits.DEFAULT.withMaxPackSize(wire.length - 1)), "exceeds the limit");
        assertThrowsNothing(wire, PackLimits.DEFAULT.withMaxPackSize(wire.length));
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(wire, wire.length + 50));
        PackException e = assertThrows(PackException.class,
                () -> PackCodec.decodePrefix(in, PackLimits.DEFAULT.withMaxPackSize(wire.length - 1)));
        assertMentions(e, "past the PACK size limit");
    }

    @Test
    void duplicateNamesIgnoringCaseRejectTheWholePack() {
        PackException e = fails("""
                00000002 00000008 6875626e616d65 00000002 00000001 00000001 61
                         00000008 4875624e616d65 00000002 00000001 00000001 62""");
        assertMentions(e, "element #1 'HubName'", "equals that of the earlier element 'hubname'");
        assertEquals(28, e.offset());
    }

    @Test
    void longNamesAreTruncatedTo63BytesThenCheckedForDuplicates() throws PackException {
        String long1 = "a".repeat(63) + "XYZ";
        byte[] one = element(long1, "00000000 00000001 00000007");
        Pack p = PackCodec.decode(concat(Hex.bytes("00000001"), one));
        assertEquals("a".repeat(63), p.elements().getFirst().name());
        assertEquals(7, p.getInt("A".repeat(63)));
        // re-encoding writes the 63 significant bytes
        assertEquals(4 + 4 + 63 + 12, PackCodec.encode(p).length);

        byte[] two = element("a".repeat(63) + "Q", "00000000 00000001 00000008");
        PackException e = fails(concat(Hex.bytes("00000002"), one, two), PackLimits.DEFAULT);
        assertMentions(e, "element #1", "earlier element");
    }

    @Test
    void namesEndAtNul() throws PackException {
        Pack p = PackCodec.decode(concat(Hex.bytes("00000001"), element("ab\0cd", "00000000 00000001 00000001")));
        assertEquals("ab", p.elements().getFirst().name());
        assertEquals(1, p.getInt("AB"));
    }

    @Test
    void emptyNameIsValid() throws PackException {
        Pack p = PackCodec.decode(Hex.bytes("00000001 00000001 00000000 00000001 00000009"));
        assertEquals(9, p.getInt(""));
        assertEquals("00000001 00000001 00000000 00000001 00000009".replace(" ", ""), Hex.of(PackCodec.encode(p)));
    }

    @Test
    void unistrWithoutNulOrWithEmbeddedNul() throws PackException {
        assertEquals("ab", PackCodec.decode(Hex.bytes("00000001 00000002 75 00000003 00000001 00000002 6162")).getUniStr("u"));
        assertEquals("a", PackCodec.decode(Hex.bytes("00000001 00000002 75 00000003 00000001 00000004 61006200")).getUniStr("u"));
        assertEquals("", PackCodec.decode(Hex.bytes("00000001 00000002 75 00000003 00000001 00000000")).getUniStr("u"));
    }

    @Test
    void strKeepsItsExactBytes() throws PackException {
        byte[] wire = Hex.bytes("00000001 00000002 73 00000002 00000001 00000003 ff0041");
        Pack p = PackCodec.decode(wire);
        assertArrayEquals(Hex.bytes("ff0041"), p.element("s").orElseThrow().bytes(0));
        assertArrayEquals(wire, PackCodec.encode(p));
    }

    @Test
    void trailingBytesAreRejectedByDecodeAndLeftByDecodePrefix() throws PackException {
        byte[] wire = concat(Hex.bytes(TestVectorsTest.TV1_INT), Hex.bytes("deadbeef"));
        PackException e = fails(wire, PackLimits.DEFAULT);
        assertMentions(e, "4 bytes follow the last element");
        assertEquals(wire.length - 4, e.offset());

        ByteBuffer in = ByteBuffer.wrap(wire);
        Pack p = PackCodec.decodePrefix(in, PackLimits.DEFAULT);
        assertEquals(13, p.getInt("error"));
        assertEquals(wire.length - 4, in.position());
    }

    @Test
    void decodeReadsFromThePositionInAnyByteOrder() throws PackException {
        byte[] tv = Hex.bytes(TestVectorsTest.TV6);
        ByteBuffer in = ByteBuffer.allocateDirect(tv.length + 3).order(ByteOrder.LITTLE_ENDIAN);
        in.put(new byte[3]).put(tv).position(3);
        Pack p = PackCodec.decode(in);
        assertEquals(0x0102030405060708L, p.getInt64("t"));
        assertEquals(in.limit(), in.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, in.order());
    }

    @Test
    void httpRequestLimitsRefuseBigBodies() {
        byte[] wire = PackCodec.encode(new Pack().addData("d", new byte[70_000]));
        assertMentions(fails(wire, PackLimits.HTTP_REQUEST), "exceeds the limit of 65536 bytes");
    }

    @Test
    void limitsValidateTheirArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PackLimits(3, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PackLimits(100, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PackLimits(100, -1, 1, 1));
    }

    private static void assertThrowsNothing(byte[] wire, PackLimits limits) {
        try {
            PackCodec.decode(wire, limits);
        } catch (PackException e) {
            throw new AssertionError("should decode: " + e.getMessage(), e);
        }
    }

    /** One element with a raw name (any bytes) followed by type/count/values given in hex. */
    private static byte[] element(String rawName, String rest) {
        byte[] name = rawName.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(4 + name.length);
        b.putInt(name.length + 1).put(name);
        return concat(b.array(), Hex.bytes(rest));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
