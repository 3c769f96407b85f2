package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Session spec §2.3: every vector decoded to its values and encoded back to the exact bytes. */
class TestVectorsTest {
    static final String TV1_STR = "00000001 00000002 61 00000002 00000001 00000001 62";
    static final String TV1_INT = "00000001 00000006 6572726f72 00000000 00000001 0000000d";
    static final String TV2 = """
            00000002
              00000007 6d6574686f64
              00000002 00000001 00000012 6164646974696f6e616c5f636f6e6e656374
              0000000c 73657373696f6e5f6b6579
              00000001 00000001 00000014 000102030405060708090a0b0c0d0e0f10111213
            """;
    static final String TV3 = """
            00000005
              00000006 6275696c64       00000000 00000001 000025ca
              00000006 68656c6c6f       00000002 00000001 0000003d
                       536f667445746865722056504e2053657276657220446576656c6f7065722045646974696f6e20283634206269742920284f70656e20536f7572636529
              00000007 72616e646f6d     00000001 00000001 00000014 56051a20007bd2cd8070573e92a0d296a6a3d447
              00000008 76657273696f6e   00000000 00000001 000001f5
              00000008 70656e636f7265   00000001 00000001 0000000a f8827e1cfc63a2361fd4
            """;
    static final String TV4 = """
            00000001
              00000008 4875624e616d65 00000002 00000003
                       00000004 43415343  00000007 44454641554c54  00000004 53504543
            """;
    static final String TV5 = """
            00000004
              0000000d 697040697076365f626f6f6c          00000000 00000001 00000000
              0000000e 697040697076365f6172726179        00000001 00000001 00000010 00000000000000000000000000000000
              00000011 697040697076365f73636f70655f6964  00000000 00000001 00000000
              00000003 6970                              00000000 00000001 0100a8c0
            """;
    static final String TV6 = """
            00000002 00000002 74 00000004 00000001 0102030405060708
                     00000002 75 00000003 00000001 00000003 c3a900
            """;

    @Test
    void tv1MinimalPacks() throws PackException {
        Pack str = PackCodec.decode(Hex.bytes(TV1_STR));
        assertEquals(1, str.size());
        assertEquals("b", str.getStr("a"));
        assertEquals(ValueType.STR, str.elements().getFirst().type());
        assertEquals(Hex.of(Hex.bytes(TV1_STR)), Hex.of(PackCodec.encode(new Pack().addStr("a", "b"))));

        Pack error = PackCodec.decode(Hex.bytes(TV1_INT));
        assertEquals(13, error.getInt("error"));
        assertEquals(Hex.of(Hex.bytes(TV1_INT)), Hex.of(PackCodec.encode(new Pack().addInt("error", 13))));
    }

    @Test
    void tv2AdditionalConnect() throws PackException {
        Pack p = PackCodec.decode(Hex.bytes(TV2));
        assertEquals("additional_connect", p.getStr("method"));
        assertArrayEquals(Hex.bytes("000102030405060708090a0b0c0d0e0f10111213"), p.getData("session_key"));
        Pack built = new Pack().addStr("method", "additional_connect")
                .addData("session_key", Hex.bytes("000102030405060708090a0b0c0d0e0f10111213"));
        assertEquals(Hex.of(Hex.bytes(TV2)), Hex.of(PackCodec.encode(built)));
        assertEquals(p, built);
    }

    @Test
    void tv3ServerHello() throws PackException {
        byte[] wire = Hex.bytes(TV3);
        assertEquals(205, wire.length);
        Pack p = PackCodec.decode(wire);
        assertEquals(9674, p.getInt("build"));
        assertEquals("SoftEther VPN Server Developer Edition (64 bit) (Open Source)", p.getStr("hello"));
        assertArrayEquals(Hex.bytes("56051a20007bd2cd8070573e92a0d296a6a3d447"), p.getData("random"));
        assertEquals(501, p.getInt("version"));
        assertArrayEquals(Hex.bytes("f8827e1cfc63a2361fd4"), p.getData(Pack.PADDING));
        assertEquals(205, PackCodec.encodedSize(p));

        Pack built = new Pack().addInt("build", 9674)
                .addStr("hello", "SoftEther VPN Server Developer Edition (64 bit) (Open Source)")
                .addData("random", Hex.bytes("56051a20007bd2cd8070573e92a0d296a6a3d447"))
                .addInt("version", 501)
                .addData("pencore", Hex.bytes("f8827e1cfc63a2361fd4"));
        assertEquals(Hex.of(wire), Hex.of(PackCodec.encode(built)));
    }

    @Test
    void tv4StrArray() throws PackException {
        Pack p = PackCodec.decode(Hex.bytes(TV4));
        assertEquals(3, p.count("HubName"));
        assertEquals("CASC", p.getStr("HubName", 0));
        assertEquals("DEFAULT", p.getStr("HubName", 1));
        assertEquals("SPEC", p.getStr("hubname", 2));
        assertEquals("", p.getStr("HubName", 3));
        Pack built = new Pack().appendStr("HubName", "CASC").appendStr("HubName", "DEFAULT").appendStr("HubName", "SPEC");
        assertEquals(Hex.of(Hex.bytes(TV4)), Hex.of(PackCodec.encode(built)));
    }

    @Test
    void tv5Ipv4Address() throws Exception {
        Pack p = PackCodec.decode(Hex.bytes(TV5));
        assertEquals(InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 0, 1}), p.getIp("ip"));
        assertEquals(0x0100a8c0, p.getInt("ip"));
        assertEquals(0, p.getInt("ip@ipv6_bool"));
        assertArrayEquals(new byte[16], p.getData("ip@ipv6_array"));
        Pack built = new Pack().addIp("ip", InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 0, 1}));
        assertEquals(Hex.of(Hex.bytes(TV5)), Hex.of(PackCodec.encode(built)));
    }

    @Test
    void tv6Int64AndUnistr() throws PackException {
        Pack p = PackCodec.decode(Hex.bytes(TV6));
        assertEquals(0x0102030405060708L, p.getInt64("t"));
        assertEquals("é", p.getUniStr("u"));
        assertEquals("é", p.getText("u"));
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), p.element("u").orElseThrow().bytes(0));
        Pack built = new Pack().addInt64("t", 0x0102030405060708L).addUniStr("u", "é");
        assertEquals(Hex.of(Hex.bytes(TV6)), Hex.of(PackCodec.encode(built)));
    }
}
