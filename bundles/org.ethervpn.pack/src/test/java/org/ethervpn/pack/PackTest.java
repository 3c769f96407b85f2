package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The value model: lookup, lenient reads, adders, arrays, addresses. */
class PackTest {
    @Test
    void lookupIgnoresAsciiCaseOnly() {
        Pack p = new Pack().addInt("HubName", 1).addStr("Émoji", "x");
        assertEquals(1, p.getInt("hubname"));
        assertEquals(1, p.getInt("HUBNAME"));
        assertTrue(p.contains("hUbNaMe"));
        assertEquals("x", p.getStr("Émoji"));
        assertFalse(p.contains("émoji"), "non-ASCII letters are compared exactly, like the C code");
        assertEquals("HubName", p.element("HUBNAME").orElseThrow().name());
    }

    @Test
    void addingACaseInsensitiveDuplicateIsRefused() {
        Pack p = new Pack().addStr("hubname", "a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.addStr("HubName", "b"));
        assertTrue(e.getMessage().contains("clashes with existing element 'hubname'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.addInt("hubname", 1));
        assertThrows(IllegalArgumentException.class, () -> p.addIp("HUBNAME", InetAddress.getLoopbackAddress()));
        assertEquals(1, p.size());
        assertEquals("a", p.getStr("hubname"));
    }

    @Test
    void addIpIsAtomicWhenAHelperNameIsTaken() {
        Pack p = new Pack().addInt("ip@IPV6_scope_id", 5);
        assertThrows(IllegalArgumentException.class, () -> p.addIp("ip", InetAddress.getLoopbackAddress()));
        assertEquals(1, p.size());
    }

    @Test
    void namesAreLimitedTo63BytesWithoutNul() {
        new Pack().addInt("n".repeat(63), 1);
        assertThrows(IllegalArgumentException.class, () -> new Pack().addInt("n".repeat(64), 1));
        assertThrows(IllegalArgumentException.class, () -> new Pack().addInt("é".repeat(32), 1));
        assertThrows(IllegalArgumentException.class, () -> new Pack().addInt("a\0b", 1));
        assertThrows(IllegalArgumentException.class, () -> new Pack().addIp("n".repeat(50), InetAddress.getLoopbackAddress()));
        new Pack().addIp("n".repeat(49), InetAddress.getLoopbackAddress());
    }

    @Test
    void missingOrWrongTypeReadsAsZeroOrEmpty() {
        Pack p = new Pack().addStr("error", "13").addInt("random", 5).addInt("n", 7);
        assertEquals(0, p.getInt("error"));
        assertEquals(0, p.getInt("absent"));
        assertEquals(0, p.getInt("n", 1));
        assertEquals(0, p.getInt("n", -1));
        assertEquals(0, p.getInt64("n"));
        assertArrayEquals(new byte[0], p.getData("random"));
        assertEquals("", p.getStr("n"));
        assertEquals("", p.getUniStr("error"));
        assertEquals("13", p.getText("error"));
        assertEquals("", p.getText("n"));
        assertFalse(p.getBool("absent"));
        assertTrue(p.getBool("n"));
        assertNull(p.getIp("absent"));
        assertEquals(0, p.count("absent"));
        assertEquals(1, p.count("N"));
    }

    @Test
    void unsignedValuesSurviveInJavaTypes() throws PackException {
        Pack p = new Pack().addInt("u", 0xffffffff).addInt64("l", -1L);
        Pack back = PackCodec.decode(PackCodec.encode(p));
        assertEquals(4294967295L, Integer.toUnsignedLong(back.getInt("u")));
        assertEquals("18446744073709551615", Long.toUnsignedString(back.getInt64("l")));
    }

    @Test
    void boolsAreInts() throws PackException {
        Pack p = new Pack().addBool("t", true).addBool("f", false).addInt("two", 2);
        assertEquals(1, p.getInt("t"));
        assertTrue(p.getBool("two"));
        assertEquals("00000002 00000002 74 00000000 00000001 00000001 00000002 66 00000000 00000001 00000000"
                        .replace(" ", ""),
                Hex.of(PackCodec.encode(new Pack().addBool("t", true).addBool("f", false))));
        assertEquals(JsonHint.BOOL, p.element("t").orElseThrow().jsonHint());
        assertTrue(PackCodec.decode(PackCodec.encode(p)).getBool("t"));
    }

    @Test
    void dataIsCopiedInAndOut() {
        byte[] b = {1, 2, 3};
        Pack p = new Pack().addData("d", b);
        b[0] = 9;
        byte[] out = p.getData("d");
        assertArrayEquals(new byte[] {1, 2, 3}, out);
        out[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.getData("d"));
        assertTrue(p.element("d").orElseThrow().bytesView(0).isReadOnly());
    }

    @Test
    void unistrRefusesNul() {
        assertThrows(IllegalArgumentException.class, () -> new Pack().addUniStr("u", "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> new Pack().appendUniStr("u", "a\0b"));
    }

    @Test
    void nullArgumentsLeaveNoHalfBuiltElement() {
        Pack p = new Pack();
        assertThrows(NullPointerException.class, () -> p.addStr("s", null));
        assertThrows(NullPointerException.class, () -> p.addData("d", null));
        assertThrows(NullPointerException.class, () -> p.addUniStr("u", null));
        assertThrows(NullPointerException.class, () -> p.addIp("i", null));
        assertEquals(0, p.size());
    }

    @Test
    void strictElementAccessors() {
        PackElement e = new Pack().addInt("i", 1).element("i").orElseThrow();
        assertThrows(IllegalStateException.class, () -> e.int64Value(0));
        assertThrows(IllegalStateException.class, () -> e.stringValue(0));
        assertThrows(IllegalStateException.class, () -> e.bytes(0));
        assertThrows(IndexOutOfBoundsException.class, () -> e.intValue(1));
    }

    @Test
    void arraysByAppending() throws PackException {
        Pack p = new Pack().appendInt("Ports", 443).appendInt("ports", 992).appendInt("PORTS", 5555);
        assertEquals(3, p.count("Ports"));
        assertEquals(992, p.getInt("Ports", 1));
        assertEquals(1, p.size());
        assertEquals("Ports", p.elements().getFirst().name());
        assertThrows(IllegalArgumentException.class, () -> p.appendStr("Ports", "x"));
        Pack back = PackCodec.decode(PackCodec.encode(p));
        assertEquals(5555, back.getInt("Ports", 2));
        assertEquals(p, back);
        assertTrue(new Pack().appendInt("one", 1).element("one").orElseThrow().isJsonArray());
        assertFalse(new Pack().addInt("one", 1).element("one").orElseThrow().isJsonArray());
    }

    @Test
    void ipv4AndIpv6Addresses() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
        Pack p = new Pack().addIp("ClientIP", v4).addIp("v6", v6);
        assertEquals(8, p.size());
        assertEquals(0x0100007f, p.getInt("ClientIP"));
        Pack back = PackCodec.decode(PackCodec.encode(p));
        assertEquals(v4, back.getIp("clientip"));
        Inet6Address got = (Inet6Address) back.getIp("v6");
        assertArrayEquals(v6.getAddress(), got.getAddress());
        assertEquals(3, got.getScopeId());
        assertEquals(1, back.getInt("v6@ipv6_bool"));
        assertEquals(0, back.getInt("v6"));
        assertEquals(List.of("v6@ipv6_bool", "v6@ipv6_array", "v6@ipv6_scope_id", "v6"),
                back.elements().subList(4, 8).stream().map(PackElement::name).toList());
    }

    @Test
    void addressArrays() throws Exception {
        Pack p = new Pack()
                .appendIp("Ip", InetAddress.getByName("10.0.0.1"))
                .appendIp("Ip", InetAddress.getByName("::1"))
                .appendIp("Ip", InetAddress.getByName("192.168.0.1"));
        assertEquals(4, p.size());
        assertEquals(3, p.count("Ip@ipv6_array"));
        assertEquals(InetAddress.getByName("10.0.0.1"), p.getIp("Ip", 0));
        assertEquals(InetAddress.getByName("::1"), p.getIp("Ip", 1));
        assertEquals(InetAddress.getByName("192.168.0.1"), p.getIp("Ip", 2));
        assertNull(p.getIp("Ip", 3));
        Pack partial = new Pack().addInt("x", 1);
        assertThrows(IllegalArgumentException.class, () -> partial.appendIp("x", InetAddress.getLoopbackAddress()));
    }

    @Test
    void removeAndReadd() {
        Pack p = new Pack().addInt("a", 1).addInt("b", 2);
        assertTrue(p.remove("A"));
        assertFalse(p.remove("a"));
        p.addInt("A", 3);
        assertEquals(List.of("b", "A"), p.elements().stream().map(PackElement::name).toList());
    }

    @Test
    void paddingIsUpTo999RandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            Pack p = new Pack().addPadding(random);
            assertTrue(p.count(Pack.PADDING) == 1 && p.getData(Pack.PADDING).length < 1000);
        }
        assertThrows(IllegalArgumentException.class, () -> new Pack().addPadding(random).addPadding(random));
    }

    @Test
    void equalityIsWireContent() {
        Pack a = new Pack().addInt("x", 1).addStr("s", "v");
        Pack b = new Pack().addBool("x", true).addStr("s", "v");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Pack().addStr("s", "v").addInt("x", 1));
        assertNotEquals(a, new Pack().addInt("X", 1).addStr("s", "v"));
    }

    @Test
    void toStringIsReadable() {
        String s = new Pack().addInt("error", 13).addData("random", new byte[20]).appendStr("HubName", "A").appendStr("HubName", "B").toString();
        assertEquals("{error INT 13, random DATA (20 bytes) 00000000000000000000000000000000..., HubName STR [\"A\", \"B\"]}", s);
    }

    @Test
    void timeConversions() {
        assertEquals(1_893_521_045_000L, SoftEtherTime.fromUnixMillis(1_893_553_445_000L));
        assertEquals(1_893_553_445_000L, SoftEtherTime.toUnixMillis(1_893_521_045_000L));
        assertEquals(0, SoftEtherTime.fromUnixMillis(0));
        assertEquals(0, SoftEtherTime.fromUnixMillis(Long.MIN_VALUE));
        assertTrue(SoftEtherTime.toInstant(0).isEmpty());
        assertEquals("2030-01-02T03:04:05Z", SoftEtherTime.toInstant(1_893_521_045_000L).orElseThrow().toString());
        assertEquals("1970-01-01T09:00:00.000Z", SoftEtherTime.toJsonText(0));
        assertEquals("2030-01-02T03:04:05.000Z", SoftEtherTime.toJsonText(1_893_521_045_000L));
        assertEquals("9999-12-31T23:59:59.999Z", SoftEtherTime.toJsonText(-1L));
        assertEquals(1_893_521_045_000L, SoftEtherTime.fromJsonText("2030-01-02T03:04:05.000Z"));
        assertEquals(1_893_521_045_000L, SoftEtherTime.fromJsonText("2030-01-02T03:04:05+09:00"));
        assertEquals(1_893_521_045_123L, SoftEtherTime.fromJsonText("2030-01-02 03:04:05.1234"));
        assertEquals(1_893_521_040_000L, SoftEtherTime.fromJsonText("2030-01-02T03:04"));
        assertEquals(0, SoftEtherTime.fromJsonText("1970-01-01T00:00:00Z"));
        assertEquals(0, SoftEtherTime.fromJsonText("1970-01-01T09:00:00.000Z"));
        assertThrows(IllegalArgumentException.class, () -> SoftEtherTime.fromJsonText("2030-13-02T03:04:05"));
        assertThrows(IllegalArgumentException.class, () -> SoftEtherTime.fromJsonText("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> SoftEtherTime.fromJsonText("2030-01-02T03:04:05."));
    }
}
