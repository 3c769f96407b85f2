package org.ethervpn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;

/** The account options' limits (the seed's) and what the login PACK carries (spec §3.4, §8.2). */
class ClientOptionsTest {
    private static final Endpoint SERVER = new Endpoint("vpn.example.org", 443);

    @Test
    void defaultsAreSoftEtherClientDefaults() {
        ClientOptions o = ClientOptions.password(SERVER, "DEFAULT", "alice", "pw");
        assertEquals(1, o.maxConnections());
        assertEquals(Duration.ofSeconds(1), o.additionalInterval());
        assertEquals(Duration.ZERO, o.connectionLifetime());
        assertTrue(o.encrypt() && !o.compress() && !o.halfDuplex() && !o.bridgeMode());
        assertEquals(Duration.ofSeconds(15), ReconnectPolicy.DEFAULT.interval());
        assertTrue(ReconnectPolicy.DEFAULT.allows(1_000_000));
        assertEquals(Duration.ofSeconds(10), ReconnectPolicy.CASCADE.interval());
    }

    @Test
    void limitsAreEnforcedWithClearMessages() {
        ClientOptions o = ClientOptions.password(SERVER, "DEFAULT", "alice", "pw");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withConnections(33, false)).getMessage()
                .contains("1..32"));
        assertThrows(IllegalArgumentException.class, () -> o.withConnections(0, false));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> o.withConnectionLifetime(Duration.ofMillis(500))).getMessage().contains("at least 1 s"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(4), 3)).getMessage().contains("at least 5 s"));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofSeconds(5), -2));
        assertFalse(new ReconnectPolicy(Duration.ofSeconds(5), 0).allows(1), "0 attempts: never retry");
        assertTrue(new ReconnectPolicy(Duration.ofSeconds(5), 2).allows(2));
        assertFalse(new ReconnectPolicy(Duration.ofSeconds(5), 2).allows(3));
    }

    @Test
    void thePasswordIsNeverInToString() {
        assertFalse(ClientOptions.password(SERVER, "DEFAULT", "alice", "s3cret!").toString().contains("s3cret!"));
    }

    @Test
    void theLoginPackAnswersTheChallengeAndCarriesTheOptions() {
        byte[] challenge = new byte[20];
        challenge[0] = 7;
        ClientOptions o = ClientOptions.password(SERVER, "DEFAULT", "alice", "alicepass").withConnections(8, true)
                .withEncryption(false, true);
        Pack p = LoginPack.login(o, challenge);
        assertEquals("login", p.getStr("method"));
        assertEquals(1, p.getInt("authtype"));
        assertArrayEquals(PasswordHash.securePassword(PasswordHash.hashedPassword("alice", "alicepass"), challenge),
                p.getData("secure_password"));
        assertEquals(8, p.getInt("max_connection"));
        assertEquals(1, p.getInt("half_connection"));
        assertEquals(0, p.getInt("use_encrypt"));
        assertEquals(1, p.getInt("use_compress"));
        assertEquals(20, p.getData("unique_id").length);
        assertFalse(p.contains("use_udp_acceleration"), "TCP only: no UDP acceleration offered");
        assertEquals("DEFAULT", p.getStr("hubname"));
    }

    @Test
    void aCascadeLogsInWithTheStoredHashInBridgeMode() {
        byte[] hash = PasswordHash.hashedPassword("link", "linkpass");
        byte[] challenge = new byte[20];
        ClientOptions o = ClientOptions.cascade(SERVER, "REMOTE", "link", hash, "EtherVPN Server (Cascade Mode)");
        Pack p = LoginPack.login(o, challenge);
        assertArrayEquals(PasswordHash.securePassword(hash, challenge), p.getData("secure_password"));
        assertEquals(1, p.getInt("require_bridge_routing_mode"));
        assertEquals(8, p.getInt("max_connection"));
        assertTrue(p.getStr("client_str").contains("Server"));
    }
}
