package org.ethervpn.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

import org.ethervpn.config.ConfigException;
import org.ethervpn.protocol.Sha0;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionStoreTest {
    @TempDir
    Path dir;

    @Test
    void connectionsSurviveARestartWithOnlyTheHashOfThePassword() throws Exception {
        ConnectionStore s = new ConnectionStore(dir);
        String hash = ConsoleWindow.sha0Hex("s3cret: =#!é");
        assertEquals(HexFormat.of().formatHex(Sha0.hash("s3cret: =#!é".getBytes(StandardCharsets.UTF_8))), hash);
        s.put(new SavedConnection("Büro #1: main=x", "vpn.example.com", 5555, "", hash, "AB:CD"));
        s.put(new SavedConnection(" sales ", "10.0.0.1", 443, "SALES", "", ""));

        ConnectionStore again = new ConnectionStore(dir);
        assertEquals(List.of("Büro #1: main=x", "sales"), again.list().stream().map(SavedConnection::name).toList());
        SavedConnection a = again.get("Büro #1: main=x");
        assertEquals(hash, a.passwordSha0());
        assertArrayEquals(HexFormat.of().parseHex(hash), a.passwordHash());
        assertEquals("AB:CD", a.fingerprint());
        assertTrue(again.get("sales").hubAdmin());
        assertFalse(again.get("sales").savedPassword());
        String text = Files.readString(s.path());
        assertFalse(text.contains("s3cret"), text);
        assertFalse(a.toString().contains(hash), "no hash in toString");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.path())));

        again.put(new SavedConnection("via", "10.0.0.2", 5555, "", "", "", org.ethervpn.api.client.ProxyType.SOCKS5,
                "proxy.example.com:1080", "sx"));
        SavedConnection via = new ConnectionStore(dir).get("via");
        assertEquals(org.ethervpn.api.client.ProxyType.SOCKS5, via.proxyType());
        assertEquals("proxy.example.com:1080", via.proxy());
        assertEquals("sx", via.proxyUser());
        assertTrue(via.label().contains("via socks5 proxy.example.com:1080"), via.label());
        assertThrows(IllegalArgumentException.class, () -> new SavedConnection("v", "h", 1, "", "", "",
                org.ethervpn.api.client.ProxyType.HTTP, "no-port", ""));
        again.remove("via");
        again.remove("sales");
        assertEquals(1, new ConnectionStore(dir).list().size());
        assertTrue(Files.exists(dir.resolve("connections.properties.bak")), "the previous version is kept");
    }

    @Test
    void badInputIsRefusedAndADamagedFileIsNeverOverwritten() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new SavedConnection("", "h", 1, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new SavedConnection("n", "h h", 1, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new SavedConnection("n", "h", 0, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new SavedConnection("n", "h", 70000, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new SavedConnection("n", "h", 1, "", "plaintext", ""));

        Path f = dir.resolve("connections.properties");
        Files.writeString(f, "c.1.name=x\nc.1.host=h\nc.1.port=nope\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConnectionStore(dir));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
        Files.writeString(f, "c.1.name=x\nc.1.host=h\nc.1.port=1\nc.1.password=plain\n");
        e = assertThrows(ConfigException.class, () -> new ConnectionStore(dir));
        assertTrue(e.getMessage().contains("c.1.password"), e.getMessage());
        assertEquals("c.1.name=x\nc.1.host=h\nc.1.port=1\nc.1.password=plain\n", Files.readString(f));
    }
}
