package org.ethervpn.server.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The file format: round trip, SoftEther's hash encoding, defaults, forward compatibility, errors with paths. */
class ConfigJsonTest {
    @Test
    void roundTripKeepsEverything() throws ServerConfigException {
        ServerConfig c = Samples.several();
        ServerConfig back = ConfigJson.read(ConfigJson.write(c));
        assertEquals(c, back);
        UserConfig alice = back.hub("sales.eu-1").orElseThrow().user("alice").orElseThrow();
        assertArrayEquals(PasswordHash.hashedPassword("alice", "alicepass"), alice.passwordHash());
        assertEquals(Samples.LAST_LOGIN, alice.lastLogin(), "nanoseconds survive");
        assertEquals(1, alice.logins());
        assertNull(back.hub("sales.eu-1").orElseThrow().user("bob").orElseThrow().created());
    }

    @Test
    void aDisabledOrExpiringUserRoundTripsAndAnOlderFileLoadsAsEnabledNeverExpiring() throws ServerConfigException {
        Instant when = Instant.parse("2030-01-01T00:00:00Z");
        UserConfig off = UserConfig.create("off", "", "", null).withEnabled(false);
        UserConfig exp = UserConfig.create("exp", "", "", null).withExpires(when);
        ServerConfig c = ServerConfig.defaults().withHub(new HubConfig("h", true, 0, List.of(off, exp)));
        String text = new String(ConfigJson.write(c), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"enabled\": false") && text.contains("\"expires\": \"2030-01-01T00:00:00Z\"")
                && text.contains("\"expires\": null"), text);
        HubConfig back = ConfigJson.read(ConfigJson.write(c)).hub("h").orElseThrow();
        assertEquals(List.of(off, exp), back.users());
        assertEquals(false, back.user("off").orElseThrow().enabled());
        assertEquals(when, back.user("exp").orElseThrow().expires());
        assertTrue(back.user("exp").orElseThrow().enabled());

        UserConfig old = read("""
                {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "h", "users": [{"name": "u"}]}]}
                """).hub("h").orElseThrow().user("u").orElseThrow();
        assertTrue(old.enabled());
        assertNull(old.expires());
    }

    @Test
    void passwordHashIsSoftEthersAuthPasswordBase64() {
        assertEquals("n1VtSbbF0g36O0iirdKTmgXNDYY=",
                Base64.getEncoder().encodeToString(PasswordHash.hashedPassword("alice", "alicepass")));
        String text = text(Samples.several());
        assertTrue(text.contains("\"passwordHash\": \"n1VtSbbF0g36O0iirdKTmgXNDYY=\""), text);
    }

    @Test
    void fileIsPrettyTaggedJson() {
        String text = text(ServerConfig.defaults());
        assertTrue(text.startsWith("{\n    \"format\": \"ethervpn-server-config\",\n    \"version\": 1,\n"
                + "    \"adminPasswordHash\": \"+WzqGYrR3VYXrAhKPZLGEHcIwO8=\",\n    \"listeners\": ["), text);
        assertTrue(text.endsWith("}\n"), text);
        assertTrue(text.contains("""
                    "hubs": [
                        {
                            "name": "DEFAULT",
                            "online": true,
                            "maxSessions": 0,
                            "adminPasswordHash": "",
                            "users": [],
                            "cascades": [],
                            "hidden": false
                        }
                    ],
                    "bridges": []
                }
                """), text);
    }

    @Test
    void cascadesRoundTripWithTheirHashAndState() throws ServerConfigException {
        byte[] hash = PasswordHash.hashedPassword("link", "linkpass");
        CascadeConfig c = CascadeConfig.create("toremote", "vpn.example.org", 443, "REMOTE", "link")
                .withPasswordHash(hash).withOnline(true);
        ServerConfig in = ServerConfig.defaults().withHub(HubConfig.create("DEFAULT").withCascade(c));
        ServerConfig out = ConfigJson.read(ConfigJson.write(in));
        assertEquals(c, out.hub("DEFAULT").orElseThrow().cascade("TOREMOTE").orElseThrow());
        assertTrue(!c.toString().contains(Base64.getEncoder().encodeToString(hash)), c.toString());
    }

    @Test
    void localBridgesRoundTripAndBadOnesAreNamed() throws ServerConfigException {
        ServerConfig in = ServerConfig.bridgeDefaults().withBridge(new BridgeConfig("BRIDGE", "veth1", false))
                .withBridge(new BridgeConfig("BRIDGE", "lan", true));
        ServerConfig out = ConfigJson.read(ConfigJson.write(in));
        assertEquals(in, out);
        assertEquals("BRIDGE", out.hubs().get(0).name());
        String bad = new String(ConfigJson.write(in), StandardCharsets.UTF_8).replace("\"veth1\"", "\"has space\"");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> ConfigJson.read(bad.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("bridges[0]"), e.getMessage());
    }

    @Test
    void aSoftEtherHashCanBePastedIn() throws ServerConfigException {
        ServerConfig c = read("""
                {"format": "ethervpn-server-config", "version": 1,
                 "hubs": [{"name": "VPN", "users": [{"name": "alice", "passwordHash": "n1VtSbbF0g36O0iirdKTmgXNDYY="}]}]}
                """);
        UserConfig alice = c.hub("vpn").orElseThrow().user("ALICE").orElseThrow();
        assertEquals(UserAuthType.PASSWORD, alice.auth());
        assertArrayEquals(PasswordHash.hashedPassword("alice", "alicepass"), alice.passwordHash());
    }

    @Test
    void missingOptionalMembersTakeDefaultsAndUnknownOnesAreIgnored() throws ServerConfigException {
        ServerConfig c = read("""
                {"format": "ethervpn-server-config", "version": 1, "comment": "from a newer server", "futureThing": [1, {"a": null}],
                 "hubs": [{"name": "h", "colour": "blue", "users": [{"name": "u", "extra": true, "lastLogin": null}]}]}
                """);
        assertEquals(ServerConfig.defaults().listeners(), c.listeners());
        assertEquals(CipherConfig.defaults(), c.cipher());
        HubConfig h = c.hub("H").orElseThrow();
        assertEquals(new HubConfig("h", true, 0, List.of(new UserConfig("u", UserAuthType.PASSWORD, null, "", "", null, 0, null))),
                h);
        ServerConfig minimal = read("{\"format\": \"ethervpn-server-config\", \"version\": 1}");
        assertEquals(ServerConfig.defaults(), minimal);
        ServerConfig empty = read("{\"format\": \"ethervpn-server-config\", \"version\": 1, \"listeners\": [], \"hubs\": [],"
                + " \"cipher\": {\"suites\": [\"TLS_AES_256_GCM_SHA384\"]}}");
        assertEquals(List.of(), empty.listeners());
        assertEquals(List.of(), empty.hubs());
        assertEquals(new CipherConfig("modern", List.of("TLS_AES_256_GCM_SHA384")), empty.cipher());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [1, 2]                                                                     | the file must hold a JSON object
            {"version": 1}                                                             | format: must be "ethervpn-server-config"
            {"format": "softether", "version": 1}                                      | format: must be "ethervpn-server-config"
            {"format": "ethervpn-server-config"}                                       | version: missing
            {"format": "ethervpn-server-config", "version": 2}                         | version: this server reads format version 1, the file has version 2
            {"format": "ethervpn-server-config", "version": "1"}                       | version: must be an integer
            {"format": "ethervpn-server-config", "version": 1, "listeners": {}}        | listeners: must be an array
            {"format": "ethervpn-server-config", "version": 1, "listeners": [{"port": 0}]}           | listeners[0].port: must be an integer from 1 to 65535, is 0
            {"format": "ethervpn-server-config", "version": 1, "listeners": [{"port": 1.5}]}         | listeners[0].port: must be an integer
            {"format": "ethervpn-server-config", "version": 1, "listeners": [{}]}                    | listeners[0].port: missing
            {"format": "ethervpn-server-config", "version": 1, "listeners": [{"port": 1}, {"port": 1}]} | listeners[1].port: port 1 is listed twice
            {"format": "ethervpn-server-config", "version": 1, "listeners": [{"port": 1, "enabled": 1}]} | listeners[0].enabled: must be true or false
            {"format": "ethervpn-server-config", "version": 1, "cipher": {"provider": ""}}           | cipher: cipher provider name must not be blank
            {"format": "ethervpn-server-config", "version": 1, "cipher": {"suites": [1]}}            | cipher.suites[0]: must be a string
            {"format": "ethervpn-server-config", "version": 1, "hubs": [7]}                          | hubs[0]: must be an object
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{}]}                         | hubs[0].name: missing
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a"}, {"name": "my hub"}]} | hubs[1].name: hub name "my hub" may only contain
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a"}, {"name": "A"}]}      | hubs[1].name: a hub named "A" comes earlier
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "maxSessions": -1}]} | hubs[0].maxSessions: must be an integer from 0 to 2147483647, is -1
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a"}, {"name": "b", "users": [{"name": 5}]}]} | hubs[1].users[0].name: must be a string
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u v"}]}]}  | hubs[0].users[0].name: user name may not contain whitespace
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u"}, {"name": "U"}]}]} | hubs[0].users[1].name: a user named "U" comes earlier in this hub
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "auth": "cert"}]}]} | hubs[0].users[0].auth: must be "password" or "anonymous", is "cert"
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "passwordHash": "AAAA"}]}]} | hubs[0].users[0].passwordHash: must be 20 bytes (28 characters of base64) or empty, is 3 bytes
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "passwordHash": "%%%"}]}]}  | hubs[0].users[0].passwordHash: not valid base64
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "created": "yesterday"}]}]} | hubs[0].users[0].created: must be an ISO-8601 instant
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "logins": 99999999999999999999}]}]} | hubs[0].users[0].logins: must be an integer from 0 to 9223372036854775807, is 99999999999999999999
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "enabled": "no"}]}]} | hubs[0].users[0].enabled: must be true or false
            {"format": "ethervpn-server-config", "version": 1, "hubs": [{"name": "a", "users": [{"name": "u", "expires": "2030"}]}]} | hubs[0].users[0].expires: must be an ISO-8601 instant
            """)
    void errorsNameTheJsonPath(String json, String expected) {
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> read(json));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> read("{\n  \"format\": \"ethervpn-server-config\",\n  \"version\": 1,,\n}"));
        assertTrue(e.getMessage().contains("line 3, column 16"), e.getMessage());
    }

    private static ServerConfig read(String json) throws ServerConfigException {
        return ConfigJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ServerConfig c) {
        return new String(ConfigJson.write(c), StandardCharsets.UTF_8);
    }
}
