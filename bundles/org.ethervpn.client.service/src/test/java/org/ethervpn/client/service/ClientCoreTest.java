package org.ethervpn.client.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.AccountStatus;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.tap.TapAdapterFactory;
import org.ethervpn.tap.TapSupport;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client service with its real plugins: accounts, persistence, validation, adapters (TAP tests need root). */
class ClientCoreTest {
    @TempDir
    Path dir;
    private final TestLogger log = new TestLogger();
    private final TcpTransport tcp = new TcpTransport(log.logger(), new TcpTransportConfig() {
        @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return TcpTransportConfig.class; }
        @Override public boolean nativeTransport() { return true; }
        @Override public int ioThreads() { return 1; }
    });
    private final ClientPlugins plugins = new ClientPlugins() {
        @Override public Optional<ClientTransport> transport(String name) { return name.equals("tcp") ? Optional.of(tcp) : Optional.empty(); }
        @Override public Optional<CipherSuiteProvider> cipher() { return Optional.of(new ModernCipherSuites()); }
        @Override public Optional<CompressionCodec> codec() { return Optional.empty(); }
        @Override public Optional<QosPolicy> qos() { return Optional.empty(); }
        @Override public Optional<VirtualAdapterFactory> adapters() { return Optional.ofNullable(adapter); }
    };
    /** The configured adapter plugin as bound at the moment; null: not (yet) bound. */
    private volatile VirtualAdapterFactory adapter = new TapAdapterFactory();
    private ClientCore core;

    private ClientCore start() {
        if (core != null) {
            core.close();
        }
        core = new ClientCore(dir.resolve("client.json"), plugins, log.logger());
        core.start();
        return core;
    }

    @AfterEach
    void close() throws Exception {
        if (core != null) {
            core.close();
        }
        Method m = TcpTransport.class.getDeclaredMethod("deactivate");
        m.setAccessible(true);
        m.invoke(tcp);
    }

    private static AccountSettings account(String name) {
        return AccountSettings.defaults(name, "127.0.0.1:1", "DEFAULT", "alice", "evtst" + name);
    }

    @Test
    void accountsAreSavedWithOnlyTheHashAndSurviveARestart() throws Exception {
        ClientCore c = start();
        AccountSettings a = account("a1");
        c.accountCreate(a);
        c.accountSet(c.accountGet("a1").toBuilder().auth(AccountSettings.Auth.PASSWORD).password("s3cret-pw")
                .maxConnections(8).halfDuplex(true).proxy(ProxyType.SOCKS5).proxyServer("10.1.2.3:1080").proxyUser("px")
                .proxyPassword("px-pw").build());

        String text = Files.readString(dir.resolve("client.json"));
        assertTrue(!text.contains("s3cret-pw"), "the standard password is stored only as SoftEther's hash");
        ClientConfig stored = new ClientJson().parse(text.getBytes());
        assertArrayEquals(PasswordHash.hashedPassword("alice", "s3cret-pw"), stored.account("a1").orElseThrow().passwordHash());

        ClientCore again = start();
        AccountSettings got = again.accountGet("A1");
        assertEquals(8, got.maxConnections());
        assertTrue(got.halfDuplex());
        assertEquals(ProxyType.SOCKS5, got.proxy());
        assertEquals("", got.password(), "secrets are not returned");
        assertEquals("", got.proxyPassword(), "secrets are not returned");
        // a set without the passwords keeps them
        again.accountSet(got.toBuilder().retries(3).build());
        AccountConfig after = new ClientJson().parse(Files.readAllBytes(dir.resolve("client.json"))).account("a1").orElseThrow();
        assertArrayEquals(PasswordHash.hashedPassword("alice", "s3cret-pw"), after.passwordHash());
        assertEquals("px-pw", after.settings().proxyPassword());
        assertEquals(3, after.settings().retries());
        assertTrue(Files.exists(dir.resolve("client.json.bak")), "the previous version is kept");
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        ClientCore c = start();
        record Case(String setting, AccountSettings s) { }
        AccountSettings d = account("x");
        for (Case k : new Case[] {
            new Case("maxconnections", with(d, 33, 1, false, 15)),
            new Case("maxconnections", with(d, 0, 1, false, 15)),
            new Case("interval", with(d, 1, 0, false, 15)),
            new Case("retryinterval", with(d, 1, 1, false, 4)),
            new Case("halfduplex", with(d, 1, 1, true, 15)),
            new Case("server", AccountSettings.defaults("x", "nohostport", "DEFAULT", "u", "n")),
            new Case("hub", AccountSettings.defaults("x", "h:1", "", "u", "n")),
            new Case("nic", AccountSettings.defaults("x", "h:1", "DEFAULT", "u", "")),
        }) {
            AdminException e = assertThrows(AdminException.class, () -> c.accountCreate(k.s()), k.setting());
            assertEquals(AdminError.INVALID_PARAMETER, e.error());
            assertTrue(e.getMessage().startsWith(k.setting() + ":"), e.getMessage());
        }
        assertTrue(c.accountList().isEmpty(), "nothing was created");
        assertTrue(Files.notExists(dir.resolve("client.json")), "nothing was written");
    }

    @Test
    void errorsCarrySoftEtherCodes() {
        ClientCore c = start();
        c.accountCreate(account("a1"));
        assertEquals(AdminError.ACCOUNT_ALREADY_EXISTS, assertThrows(AdminException.class, () -> c.accountCreate(account("A1"))).error());
        assertEquals(AdminError.ACCOUNT_NOT_FOUND, assertThrows(AdminException.class, () -> c.accountGet("nope")).error());
        assertEquals(AdminError.ACCOUNT_INACTIVE, assertThrows(AdminException.class, () -> c.accountDisconnect("a1")).error());
        assertEquals(AdminError.VLAN_FOR_ACCOUNT_NOT_FOUND, assertThrows(AdminException.class, () -> c.accountConnect("a1")).error());
        assertEquals(AccountStatus.State.OFFLINE, c.accountStatus("a1").state());
        assertEquals(AdminError.OBJECT_NOT_FOUND, assertThrows(AdminException.class, () -> c.nicDelete("nope")).error());
    }

    @Test
    void aDamagedConfigurationIsNeverOverwritten() throws Exception {
        Files.writeString(dir.resolve("client.json"), "{\"format\":\"ethervpn-client\",\"version\":1,\"accounts\":[{}]}");
        ClientCore c = start();
        assertTrue(c.configError().contains("accounts[0].name: missing"), c.configError());
        assertEquals(AdminError.INTERNAL_ERROR, assertThrows(AdminException.class, () -> c.accountCreate(account("a"))).error());
        assertTrue(Files.readString(dir.resolve("client.json")).contains("[{}]"));
    }

    @Test
    void anActiveAccountHoldsItsAdapterAndIsReconnectedAfterARestart() throws Exception {
        assumeTrue(TapSupport.unavailableReason() == null, () -> "TAP devices: " + TapSupport.unavailableReason());
        ClientCore c = start();
        String nic = "evtst" + HexFormat.of().toHexDigits((short) System.nanoTime());
        c.nicCreate(nic);
        assertEquals(AdminError.VLAN_ALREADY_EXISTS, assertThrows(AdminException.class, () -> c.nicCreate(nic)).error());
        assertTrue(Files.exists(Path.of("/sys/class/net", nic)), "the TAP device exists");
        c.accountCreate(AccountSettings.defaults("a1", "127.0.0.1:1", "DEFAULT", "alice", nic));
        c.accountCreate(AccountSettings.defaults("a2", "127.0.0.1:1", "DEFAULT", "bob", nic));
        c.accountConnect("a1"); // nothing listens on port 1: it keeps retrying
        assertEquals(AdminError.ACCOUNT_ACTIVE, assertThrows(AdminException.class, () -> c.accountConnect("a1")).error());
        assertEquals(AdminError.ACCOUNT_ACTIVE, assertThrows(AdminException.class, () -> c.accountDelete("a1")).error());
        assertEquals(AdminError.VLAN_FOR_ACCOUNT_USED, assertThrows(AdminException.class, () -> c.accountConnect("a2")).error());
        assertEquals(AdminError.VLAN_IS_USED, assertThrows(AdminException.class, () -> c.nicDelete(nic)).error());
        assertEquals("in use by a1", c.nicList().getFirst().status());

        ClientCore again = start(); // the old one closes: its device goes; the new one creates it again
        assertTrue(again.accountStatus("a1").state() != AccountStatus.State.OFFLINE, "a1 was connected: it reconnects");
        assertEquals(AccountStatus.State.OFFLINE, again.accountStatus("a2").state());
        again.accountDisconnect("a1");
        assertEquals(AccountStatus.State.OFFLINE, again.accountStatus("a1").state());
        again.accountDelete("a1");
        again.nicDelete(nic);
        assertTrue(Files.notExists(Path.of("/sys/class/net", nic)), "the TAP device is gone");
    }

    /** Started before the adapter plugin was bound (another plugin of its bundle came first): adapters and startup accounts follow it. */
    @Test
    void adaptersAndStartupAccountsFollowALateAdapterPlugin() throws Exception {
        assumeTrue(TapSupport.unavailableReason() == null, () -> "TAP devices: " + TapSupport.unavailableReason());
        ClientCore c = start();
        String nic = "evtst" + HexFormat.of().toHexDigits((short) System.nanoTime());
        c.nicCreate(nic);
        c.accountCreate(AccountSettings.defaults("a1", "127.0.0.1:1", "DEFAULT", "alice", nic));
        c.accountConnect("a1");

        adapter = null;
        ClientCore late = start();
        assertTrue(late.nicList().getFirst().status().contains("no virtual adapter plugin"), late.nicList().toString());
        assertEquals(AccountStatus.State.OFFLINE, late.accountStatus("a1").state());
        assertTrue(Files.notExists(Path.of("/sys/class/net", nic)));

        adapter = new TapAdapterFactory();
        late.adapterPluginBound();
        assertEquals("in use by a1", late.nicList().getFirst().status());
        assertTrue(late.accountStatus("a1").state() != AccountStatus.State.OFFLINE, "a1 was connected: it reconnects");
        assertTrue(Files.exists(Path.of("/sys/class/net", nic)), "the TAP device exists");
        late.accountDisconnect("a1");
        late.nicDelete(nic);
    }

    private static AccountSettings with(AccountSettings s, int maxConnections, int interval, boolean half, int retryInterval) {
        return s.toBuilder().maxConnections(maxConnections).intervalSeconds(interval).halfDuplex(half)
                .retryIntervalSeconds(retryInterval).build();
    }
}
