package org.ethervpn.server.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The model: defaults, case-insensitive lookups, copy helpers, validation, secrecy of the hash. */
class ServerConfigTest {
    @Test
    void defaultsAreSoftEthersFirstStart() {
        ServerConfig d = ServerConfig.defaults();
        assertEquals(1, d.version());
        assertEquals(List.of(443, 992, 1194, 5555), d.listeners().stream().map(ListenerConfig::port).toList());
        assertTrue(d.listeners().stream().allMatch(ListenerConfig::enabled));
        assertEquals(new CipherConfig("modern", List.of()), d.cipher());
        assertEquals(List.of(new HubConfig("DEFAULT", true, 0, List.of())), d.hubs());
    }

    @Test
    void hubAndUserLookupsIgnoreCase() {
        ServerConfig c = Samples.several();
        assertEquals("Sales.EU-1", c.hub("sales.eu-1").orElseThrow().name());
        assertEquals("DEFAULT", c.hub("Default").orElseThrow().name());
        assertTrue(c.hub("sales").isEmpty());
        HubConfig sales = c.hub("SALES.EU-1").orElseThrow();
        assertEquals("alice", sales.user("ALICE").orElseThrow().name());
        assertEquals("Bob", sales.user("bob").orElseThrow().name());
        assertTrue(sales.user("eve").isEmpty());
    }

    @Test
    void caseFoldingIsAsciiOnlyLikeSoftEther() {
        HubConfig h = HubConfig.create("H").withUser(UserConfig.create("émile", "", "", null));
        assertTrue(h.user("éMILE").isPresent());
        assertTrue(h.user("ÉMILE").isEmpty(), "É and é are different users in SoftEther");
    }

    @Test
    void withHubReplacesInPlaceIgnoringCaseAndWithoutHubRemoves() {
        ServerConfig c = Samples.several();
        ServerConfig changed = c.withHub(HubConfig.create("default").withMaxSessions(5));
        assertEquals(List.of("default", "Sales.EU-1", "lab_2"), changed.hubs().stream().map(HubConfig::name).toList());
        assertEquals(5, changed.hub("DEFAULT").orElseThrow().maxSessions());
        ServerConfig removed = changed.withoutHub("LAB_2");
        assertEquals(List.of("default", "Sales.EU-1"), removed.hubs().stream().map(HubConfig::name).toList());
        assertSame(removed, removed.withoutHub("nope"));
        assertEquals(3, c.hubs().size(), "the original is unchanged");
    }

    @Test
    void withUserReplacesInPlaceAndWithoutUserRemoves() {
        HubConfig h = Samples.several().hub("Sales.EU-1").orElseThrow();
        HubConfig changed = h.withUser(UserConfig.create("BOB", "Robert", "", null));
        assertEquals(List.of("alice", "BOB", "carol"), changed.users().stream().map(UserConfig::name).toList());
        assertEquals("Robert", changed.user("bob").orElseThrow().realName());
        assertEquals(List.of("alice", "carol"), changed.withoutUser("Bob").users().stream().map(UserConfig::name).toList());
        assertSame(changed, changed.withoutUser("nobody"));
    }

    @Test
    void listenerHelpers() {
        ServerConfig c = ServerConfig.defaults().withListener(new ListenerConfig(992, false)).withListener(new ListenerConfig(8443, true));
        assertEquals(List.of(443, 992, 1194, 5555, 8443), c.listeners().stream().map(ListenerConfig::port).toList());
        assertFalse(c.listener(992).orElseThrow().enabled());
        assertEquals(List.of(443, 1194, 5555, 8443), c.withoutListener(992).listeners().stream().map(ListenerConfig::port).toList());
        assertSame(c, c.withoutListener(1));
        assertTrue(c.listener(1).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "hub/1", "hub\\1", "x\u0000", "ä", "hub*", "hub:1"})
    void invalidHubNamesAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HubConfig.create(name));
        assertTrue(e.getMessage().startsWith("hub name"), e.getMessage());
    }

    @Test
    void hubNameLengthLimits() {
        assertEquals(255, HubConfig.create("h".repeat(255)).name().length());
        assertThrows(IllegalArgumentException.class, () -> HubConfig.create("h".repeat(256)));
        assertEquals("A-z_0.9", HubConfig.create("A-z_0.9").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "tab\there", "nl\n", "nbsp\u00a0x", "del\u007f"})
    void invalidUserNamesAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserConfig.create(name, "", "", null));
        assertTrue(e.getMessage().startsWith("user name"), e.getMessage());
    }

    @Test
    void duplicatesAreRefusedIgnoringCase() {
        assertThrows(IllegalArgumentException.class, () -> new HubConfig("H", true, 0,
                List.of(UserConfig.create("bob", "", "", null), UserConfig.create("BOB", "", "", null))));
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig(1, List.of(), CipherConfig.defaults(),
                List.of(HubConfig.create("h"), HubConfig.create("H")), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig(1,
                List.of(new ListenerConfig(443, true), new ListenerConfig(443, false)), CipherConfig.defaults(), List.of(), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults()
                .withBridge(new BridgeConfig("h", "eth0", false)).withBridge(new BridgeConfig("H", "eth0", true)));
    }

    @Test
    void valuesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ListenerConfig(0, true));
        assertThrows(IllegalArgumentException.class, () -> new ListenerConfig(65536, true));
        assertThrows(IllegalArgumentException.class, () -> HubConfig.create("h").withMaxSessions(-1));
        assertThrows(IllegalArgumentException.class, () -> new CipherConfig(" ", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig(2, List.of(), CipherConfig.defaults(), List.of(), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withAdminPassword(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> new BridgeConfig("h", "", false));
        assertThrows(IllegalArgumentException.class, () -> new BridgeConfig("h", "sixteen-chars-xx", false));
        assertThrows(IllegalArgumentException.class, () -> new BridgeConfig("h", "twelve-chars", true)); // tap_ + 12 > 15
        assertThrows(IllegalArgumentException.class, () -> new BridgeConfig("h", "eth 0", false));
        assertEquals("tap_lan", new BridgeConfig("h", "LAN", true).interfaceName());
        assertEquals("veth1", new BridgeConfig("h", "veth1", false).interfaceName());
        assertThrows(IllegalArgumentException.class, () -> Samples.alice().withPasswordHash(new byte[19]));
        assertThrows(IllegalArgumentException.class,
                () -> new UserConfig("u", UserAuthType.PASSWORD, null, "", "", null, -1, null));
    }

    @Test
    void hashIsCopiedInAndOut() {
        byte[] hash = PasswordHash.hashedPassword("alice", "alicepass");
        UserConfig u = UserConfig.create("alice", "", "", null).withPasswordHash(hash);
        hash[0] ^= 1;
        assertNotEquals(hash[0], u.passwordHash()[0]);
        u.passwordHash()[1] ^= 1;
        assertArrayEquals(PasswordHash.hashedPassword("alice", "alicepass"), u.passwordHash());
        assertEquals(u, UserConfig.create("alice", "", "", null).withPasswordHash(PasswordHash.hashedPassword("alice", "alicepass")),
                "equality compares hash contents");
        assertEquals(0, UserConfig.create("x", "", "", null).passwordHash().length);
        assertFalse(u.withAnonymous().hasPassword());
        assertEquals(UserAuthType.ANONYMOUS, u.withAnonymous().auth());
    }

    @Test
    void toStringNeverShowsTheHash() {
        UserConfig u = Samples.alice();
        byte[] hash = u.passwordHash();
        String b64 = Base64.getEncoder().encodeToString(hash);
        for (String text : List.of(u.toString(), Samples.several().toString())) {
            assertFalse(text.contains(b64), text);
            assertFalse(text.contains(b64.substring(0, 8)), text);
            assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(hash).substring(0, 8)), text);
            assertFalse(text.contains("[B@"), "no array identity either: " + text);
        }
        assertTrue(u.toString().contains("password=set"), u.toString());
        assertTrue(u.toString().contains("alice"), u.toString());
    }
}
