package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Base64;
import java.util.List;

import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;
import org.junit.jupiter.api.Test;

/** Admin spec §4.4 mapping, with the live examples of §10.6 and §10.7. */
class PackJsonTest {
    private static JsonObject json(String text) throws JsonException {
        return (JsonObject) JsonReader.parse(text);
    }

    private static List<String> keys(JsonObject o) {
        return List.copyOf(o.members().keySet());
    }

    private static JsonException fails(String text) {
        return assertThrows(JsonException.class, () -> PackJson.fromJson(text));
    }

    private static void assertMentions(Exception e, String part) {
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void testMethodReplyMatchesTheLiveBody() throws JsonException {
        Pack request = PackJson.fromJson("{\"IntValue_u32\":3}");
        assertEquals(3, request.getInt("IntValue"));
        Pack reply = new Pack().addInt64("Int64Value", 0).addInt("IntValue", 3).addStr("StrValue", "3").addUniStr("UniStrValue", "");
        JsonObject envelope = JsonObject.builder().put("result", PackJson.toJsonObject(reply))
                .put("jsonrpc", new JsonString("2.0"))
                .put("id", new JsonString("x1")).build();
        assertEquals("""
                {
                    "result": {
                        "Int64Value_u64": 0,
                        "IntValue_u32": 3,
                        "StrValue_str": "3",
                        "UniStrValue_utf": ""
                    },
                    "jsonrpc": "2.0",
                    "id": "x1"
                }""", JsonWriter.write(envelope, true));
    }

    @Test
    void createHubRequestAndReply() throws JsonException {
        Pack p = PackJson.fromJson("""
                {"HubName_str":"JSONHUB","AdminPasswordPlainText_str":"jsonhubpw","Online_bool":true,
                 "MaxSession_u32":3,"NoEnum_bool":false,"HubType_u32":0}""");
        assertEquals("JSONHUB", p.getStr("HubName"));
        assertEquals("jsonhubpw", p.getStr("AdminPasswordPlainText"));
        assertTrue(p.getBool("Online"));
        assertEquals(3, p.getInt("MaxSession"));
        assertFalse(p.getBool("NoEnum"));
        assertEquals(ValueType.INT, p.element("NoEnum").orElseThrow().type());
        assertEquals(0, p.getInt("HubType"));

        String live = """
                { "AdminPasswordPlainText_str": "jsonhubpw",
                    "HashedPassword_bin": "Xn0BVCPrMC+oZI2x42BLMhSGtxY=", "HubName_str": "JSONHUB",
                    "HubType_u32": 0, "MaxSession_u32": 3, "NoEnum_bool": false, "Online_bool": true,
                    "SecurePassword_bin": "hPz2kAk+LBVf4CFDBEvoPLa2YKo=" }""";
        Pack reply = new Pack().addStr("AdminPasswordPlainText", "jsonhubpw")
                .addData("HashedPassword", Base64.getDecoder().decode("Xn0BVCPrMC+oZI2x42BLMhSGtxY="))
                .addStr("HubName", "JSONHUB").addInt("HubType", 0).addInt("MaxSession", 3)
                .addBool("NoEnum", false).addBool("Online", true)
                .addData("SecurePassword", Base64.getDecoder().decode("hPz2kAk+LBVf4CFDBEvoPLa2YKo="));
        JsonObject expected = json(live);
        JsonObject actual = PackJson.toJsonObject(reply);
        assertEquals(expected, actual);
        assertEquals(keys(expected), keys(actual));
        assertEquals(20, PackJson.fromJsonObject(expected).getData("HashedPassword").length);
    }

    @Test
    void createUserExpireTime() throws JsonException {
        Pack p = PackJson.fromJson("""
                {"HubName_str":"JSONHUB","Name_str":"bob","Realname_utf":"Bob","Note_utf":"n","AuthType_u32":1,
                 "Auth_Password_str":"bobpw","ExpireTime_dt":"2030-01-02T03:04:05.000Z"}""");
        assertEquals(1_893_521_045_000L, p.getInt64("ExpireTime"));
        assertEquals("bobpw", p.getStr("Auth_Password"));
        assertEquals(ValueType.UNISTR, p.element("Realname").orElseThrow().type());
        assertEquals(1, p.getInt("AuthType"));
        assertEquals("\"2030-01-02T03:04:05.000Z\"", PackJson.toJsonObject(p).get("ExpireTime_dt").toString());
    }

    @Test
    void lenientConversionsSeenLive() throws JsonException {
        Pack p = PackJson.fromJson("{\"IntValue_u32\":\"77\",\"Int64Value_u64\":\"123456789012\",\"UniStrValue_utf\":12}");
        assertEquals(77, p.getInt("IntValue"));
        assertEquals(123_456_789_012L, p.getInt64("Int64Value"));
        assertEquals("12", p.getUniStr("UniStrValue"));

        p = PackJson.fromJson("{\"IntValue_u32\":true,\"Int64Value\":5}");
        assertEquals(1, p.getInt("IntValue"));
        assertEquals(1, p.size(), "a member without a suffix is ignored");

        p = PackJson.fromJson("{\"intvalue_U32\":9}");
        assertEquals(9, p.getInt("IntValue"));
        assertEquals("intvalue", p.elements().getFirst().name());

        assertEquals(1, PackJson.fromJson("{\"IntValue_u32\":4294967297}").getInt("IntValue"));
        assertMentions(fails("{\"IntValue_u32\":-1}"), "negative");
        assertMentions(fails("{\"IntValue_u32\":1.5}"), "integers");
    }

    @Test
    void moreLenientConversions() throws JsonException {
        Pack p = PackJson.fromJson("""
                {"a_bool":"yes","b_bool":"TRUE","c_bool":"0","d_bool":"no","e_bool":"7","f_bool":2,"g_bool":0,
                 "s_str":true,"n_str":18446744073709551615,"u_u32":"  12abc","v_u32":"x","w_u64":false,
                 "t_dt":1234,"z_dt":"","q_dt":"5678","x_unknown":"ignored","y_str":null}""");
        assertTrue(p.getBool("a"));
        assertTrue(p.getBool("b"));
        assertFalse(p.getBool("c"));
        assertFalse(p.getBool("d"));
        assertTrue(p.getBool("e"));
        assertTrue(p.getBool("f"));
        assertFalse(p.getBool("g"));
        assertEquals("true", p.getStr("s"));
        assertEquals("18446744073709551615", p.getStr("n"));
        assertEquals(12, p.getInt("u"));
        assertEquals(0, p.getInt("v"));
        assertEquals(0, p.getInt64("w"));
        assertEquals(1234, p.getInt64("t"));
        assertEquals(0, p.getInt64("z"));
        assertEquals(5678, p.getInt64("q"));
        assertFalse(p.contains("x"));
        assertFalse(p.contains("y"));
    }

    @Test
    void conversionErrors() {
        assertMentions(fails("{\"d_bin\":\"not base64!\"}"), "\"d_bin\": not valid base64");
        assertMentions(fails("{\"d_bin\":5}"), "expected a base64 string");
        assertMentions(fails("{\"a_ip\":\"300.1.1.1\"}"), "not an IPv4 address");
        assertMentions(fails("{\"a_ip\":\"fe80::zz\"}"), "not an IPv6 address");
        assertMentions(fails("{\"t_dt\":\"someday\"}"), "not a date-time");
        assertMentions(fails("{\"t_dt\":true}"), "expected a date-time");
        assertMentions(fails("{\"u_utf\":\"a\\u0000b\"}"), "U+0000");
        assertMentions(fails("{\"o_u32\":{\"a\":1}}"), "only allowed as an item of a list");
        assertMentions(fails("{\"l_u32\":[1,[2]]}"), "item #1: expected a string, number or boolean");
        assertMentions(fails("{\"A_str\":\"x\",\"a_u32\":1}"), "clashes with existing element 'A'");
        assertMentions(fails("{\"" + "n".repeat(64) + "_u32\":1}"), "at most 63");
        assertMentions(fails("[1]"), "expected a JSON object, not an array");
    }

    @Test
    void unsuffixedObjectsAreIgnoredLikeOtherUnknownMembers() throws JsonException {
        assertEquals(0, PackJson.fromJson("{\"o\":{\"a_u32\":1},\"e\":[],\"s\":\"x\"}").size());
    }

    @Test
    void addressesBothWays() throws Exception {
        Pack p = PackJson.fromJson("{\"ip_ip\":\"192.168.0.1\"}");
        assertEquals(Hex.of(Hex.bytes(TestVectorsTest.TV5)), Hex.of(PackCodec.encode(p)));
        assertEquals("{\"ip_ip\":\"192.168.0.1\"}", PackJson.toJson(p));
        // a decoded PACK has no hints; the helpers still mark the INT as an address
        assertEquals("{\"ip_ip\":\"192.168.0.1\"}", PackJson.toJson(PackCodec.decode(Hex.bytes(TestVectorsTest.TV5))));

        Pack v6 = PackJson.fromJson("{\"a_ip\":\"FE80:0:0:0:0:0:0:1%3\",\"b_ip\":\"2001:db8:0:0:1:0:0:1\",\"c_ip\":\"::ffff:1.2.3.4\",\"d_ip\":\"\"}");
        Inet6Address a = (Inet6Address) v6.getIp("a");
        assertEquals(3, a.getScopeId());
        assertEquals(1, v6.getInt("a@ipv6_bool"));
        assertEquals(3, v6.getInt("a@ipv6_scope_id"));
        assertEquals("{\"a_ip\":\"fe80::1%3\",\"b_ip\":\"2001:db8::1:0:0:1\",\"c_ip\":\"::ffff:102:304\",\"d_ip\":\"0.0.0.0\"}",
                PackJson.toJson(PackCodec.decode(PackCodec.encode(v6))));
        assertEquals(InetAddress.getByName("0.0.0.0"), v6.getIp("d"));
    }

    @Test
    void groupsBecomeArraysOfObjectsAndComeFirst() throws Exception {
        Pack p = new Pack().addStr("HubName", "DEFAULT");
        p.beginJsonGroup("SessionList");
        for (int i = 0; i < 2; i++) {
            p.appendStr("Name", "SID-" + i).appendIp("ClientIP", InetAddress.getByName("127.0.0." + (i + 1)))
                    .appendBool("BridgeMode", i == 1).appendTime64("LastCommDormant", 0)
                    .appendData("UniqueId", new byte[] {(byte) i}).appendInt64("PacketSize", i);
        }
        p.endJsonGroup().addInt("After", 5);
        JsonObject o = PackJson.toJsonObject(p);
        assertEquals(List.of("SessionList", "HubName_str", "After_u32"), keys(o));
        assertEquals("""
                {"SessionList":[{"Name_str":"SID-0","ClientIP_ip":"127.0.0.1","BridgeMode_bool":false,\
                "LastCommDormant_dt":"1970-01-01T09:00:00.000Z","UniqueId_bin":"AA==","PacketSize_u64":0},\
                {"Name_str":"SID-1","ClientIP_ip":"127.0.0.2","BridgeMode_bool":true,\
                "LastCommDormant_dt":"1970-01-01T09:00:00.000Z","UniqueId_bin":"AQ==","PacketSize_u64":1}],\
                "HubName_str":"DEFAULT","After_u32":5}""", JsonWriter.write(o));

        // and back: parallel arrays in the same group, giving the same JSON again
        Pack back = PackJson.fromJsonObject(o);
        assertEquals(2, back.count("Name"));
        assertEquals(InetAddress.getByName("127.0.0.2"), back.getIp("ClientIP", 1));
        assertEquals("SessionList", back.element("Name").orElseThrow().jsonGroup());
        assertEquals(o, PackJson.toJsonObject(back));
        assertEquals(PackCodec.encodedSize(p), PackCodec.encodedSize(back));
    }

    @Test
    void emptyGroupIsShownAsEmptyArray() {
        Pack p = new Pack().beginJsonGroup("HubList").endJsonGroup();
        assertEquals("{\"HubList\":[]}", PackJson.toJson(p));
    }

    @Test
    void ungroupedArraysArePlainArrays() throws JsonException {
        Pack p = new Pack().appendInt("PacketLogConfig", 1).appendInt("PacketLogConfig", 0).appendInt("PacketLogConfig", 1)
                .appendStr("One", "x");
        assertEquals("{\"PacketLogConfig_u32\":[1,0,1],\"One_str\":[\"x\"]}", PackJson.toJson(p));
        Pack back = PackJson.fromJson("{\"PacketLogConfig_u32\":[1,0,1],\"One_str\":[\"x\"]}");
        assertEquals(p, back);
        assertTrue(back.element("One").orElseThrow().isJsonArray());
    }

    @Test
    void jsonListsMakeParallelArraysWithDefaults() throws JsonException {
        Pack p = PackJson.fromJson("""
                {"HubName_str":"H","AccessList":[{"Id_u32":1,"Note_utf":"a"},{"Id_u32":2},{"Note_utf":"c","Extra":[1]}]}""");
        assertEquals(3, p.count("Id"));
        assertEquals(3, p.count("Note"));
        assertEquals(List.of(1, 2, 0), List.of(p.getInt("Id", 0), p.getInt("Id", 1), p.getInt("Id", 2)));
        assertEquals(List.of("a", "", "c"), List.of(p.getUniStr("Note", 0), p.getUniStr("Note", 1), p.getUniStr("Note", 2)));
        assertEquals(List.of("AccessList"), p.jsonGroups());

        assertMentions(fails("{\"L\":[{\"A_u32\":1},{\"A_str\":\"x\"}]}"), "earlier items gave this element the suffix _u32");
        assertMentions(fails("{\"L\":[{\"A_u32\":1,\"a_u32\":2}]}"), "names the same element");
        assertMentions(fails("{\"A_u32\":1,\"L\":[{\"a_u32\":1}]}"), "clashes with existing element 'A'");
        assertMentions(fails("{\"L\":[{\"A_u32\":1},2]}"), "item #1: expected an object");
        assertMentions(fails("{\"L\":[{\"A_u32\":[1]}]}"), "expected a string, number or boolean");
    }

    @Test
    void limitsApplyToJsonToo() throws JsonException {
        JsonObject big = json("{\"a_u32\":[1,2,3],\"L\":[{},{},{},{\"b_u32\":1}]}");
        assertMentions(assertThrows(JsonException.class,
                () -> PackJson.fromJsonObject(big, PackLimits.DEFAULT.withMaxValuesPerElement(2))), "more than the limit of 2");
        assertMentions(assertThrows(JsonException.class,
                () -> PackJson.fromJsonObject(json("{\"a_u32\":1,\"b_u32\":2}"), PackLimits.DEFAULT.withMaxElements(1))),
                "more than 1 elements");
        assertMentions(assertThrows(JsonException.class,
                () -> PackJson.fromJsonObject(json("{\"s_str\":\"abc\"}"), PackLimits.DEFAULT.withMaxValueSize(2))),
                "3 bytes, more than the limit of 2");
        assertEquals(4, PackJson.fromJsonObject(big, PackLimits.DEFAULT.withMaxValuesPerElement(4)).count("b"));
    }

    @Test
    void decodedServerHelloAsJson() throws PackException {
        Pack hello = PackCodec.decode(Hex.bytes(TestVectorsTest.TV3));
        assertEquals("""
                {"build_u32":9674,"hello_str":"SoftEther VPN Server Developer Edition (64 bit) (Open Source)",\
                "random_bin":"VgUaIAB70s2AcFc+kqDSlqaj1Ec=","version_u32":501,"pencore_bin":"+IJ+HPxjojYf1A=="}""",
                PackJson.toJson(hello));
    }

    @Test
    void unsignedExtremesAndTimes() throws JsonException {
        Pack p = new Pack().addInt("u", -1).addInt64("l", -1L).addTime64("t", 1_893_521_045_000L).addUniStr("s", "héllo テスト");
        String text = PackJson.toJson(p);
        assertEquals("{\"u_u32\":4294967295,\"l_u64\":18446744073709551615,\"t_dt\":\"2030-01-02T03:04:05.000Z\","
                + "\"s_utf\":\"héllo テスト\"}", text);
        Pack back = PackJson.fromJson(text);
        assertEquals(p, back);
        assertEquals(JsonHint.TIME, back.element("t").orElseThrow().jsonHint());
    }

    @Test
    void roundTripThroughJsonAndBinary() throws Exception {
        Pack p = new Pack().addStr("HubName", "CASC").addBool("Online", true).addInt64("Bytes", 1L << 50)
                .addTime64("Created", 1_795_430_426_893L).addData("Key", new byte[] {0, (byte) 0xff, 7})
                .addIp("Ip", InetAddress.getByName("10.0.0.1")).addUniStr("Note", "ünï");
        JsonValue once = PackJson.toJsonObject(p);
        Pack back = PackJson.fromJsonObject((JsonObject) once);
        assertArrayEquals(PackCodec.encode(p), PackCodec.encode(back));
        assertEquals(once, PackJson.toJsonObject(back));
        assertEquals("2026-11-23T19:40:26.893Z", ((JsonObject) once).get("Created_dt").toString().replace("\"", ""));
    }
}
