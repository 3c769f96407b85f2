package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.ethervpn.admin.client.Connector;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.console.ConnectionStore;
import org.ethervpn.console.ConsoleWindow;
import org.ethervpn.console.SavedConnection;
import org.ethervpn.console.views.DashboardView;
import org.ethervpn.console.views.SecureNatView;
import org.ethervpn.console.views.UsersView;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SecureNAT tab against our server from the distribution (with its SecureNAT plugin) in
 * namespace {@code ns}, over the admin RPC: enable it (after the warning), see it on; a bad MTU is
 * refused under its field and changes nothing; a new DHCP pool saved; disable. The server's own
 * shell checks each step (it knows whether SecureNAT really runs, which the RPC does not carry).
 */
class ConsoleSecureNatTest {
    private static final String PW = "snat-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    static Path home;
    static Path bin;
    static Path data;
    static String ns;
    static String addr;
    static UiDriver ui;
    static Shell main;
    static Path shots;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: a network namespace for the server (CI runs as root)");
        Path build = Path.of(System.getProperty("ethervpn.build.dir", "target"));
        ui = UiDriver.get(build.resolve("swt"));
        assumeTrue(ui != null, () -> "skipped: " + UiDriver.unavailable());
        shots = build.resolve("console-screenshots");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evn");
        addr = Interop.namespaceOnVeth(home, ns, "10.221");
        data = home.resolve("server");
        Interop.startServer(home, ns, bin, data);
        shell("vpn:serverpasswordset " + PW);
        ConnectionStore store = new ConnectionStore(home.resolve("console"));
        byte[] sha0 = org.ethervpn.protocol.Sha0.hash(PW.getBytes(StandardCharsets.UTF_8));
        store.put(new SavedConnection("lab", addr, 5555, "", HexFormat.of().formatHex(sha0), ""));
        ConsoleWindow window = new ConsoleWindow(ui.ui, store, new Connector());
        for (var v : List.of(new DashboardView(), new UsersView(), new SecureNatView())) {
            window.addView(v);
        }
        main = ui.sync(() -> window.open(() -> { }));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (main != null) {
            ui.disposeShells();
        }
        if (ns != null) {
            Interop.exec(home, command("ip", "link", "del", ns + "h"), Map.of(), Duration.ofSeconds(10), null);
            Interop.dropLab(home, ns, bin, data);
        }
    }

    @Test
    void enableChangeThePoolAndDisableThroughTheConsole() throws Exception {
        ui.select(main, "lab (");
        ui.click(main, "Connect");
        ui.click(ui.shell("New server certificate"), "Accept and connect");
        ui.select(main, "Hub DEFAULT");
        ui.tab(main, "SecureNAT");
        ui.waitFor("SecureNAT off", () -> state().equals("SecureNAT: off"));

        ui.click(main, "Enable SecureNAT");
        Shell warn = ui.shell("Enable SecureNAT");
        assertTrue(ui.sync(() -> message(warn)).contains("bridged to a LAN with a DHCP server of its own"));
        ui.screenshot(warn, shots.resolve("securenat-enable.png"));
        ui.click(warn, "Enable SecureNAT");
        // over the admin RPC our server says whether SecureNAT runs, not only that it is on
        ui.waitFor("SecureNAT running", () -> state().equals("SecureNAT: running"));
        assertTrue(shellQuiet("vpn:securenatstatusget DEFAULT").contains("running"), "the server's own shell agrees");

        ui.tab(main, "Settings");
        ui.waitFor("the settings", () -> field("DhcpLeaseIPStart").equals("192.168.30.10"));
        type("Mtu", "9");
        ui.click(main, "Save");
        ui.waitFor("the MTU refused under its field", () -> error("Mtu").startsWith("Mtu must be 62..1500"));
        ui.screenshot(main, shots.resolve("securenat-refused.png"));
        assertTrue(shell("vpn:natget DEFAULT").contains("1500"), "nothing changed on the server");

        type("Mtu", "1400");
        type("DhcpLeaseIPStart", "192.168.30.50");
        type("DhcpLeaseIPEnd", "192.168.30.99");
        ui.click(main, "Save");
        ui.waitFor("saved", () -> statusLine().equals("SecureNAT settings of hub DEFAULT saved"));
        ui.waitFor("the error gone", () -> error("Mtu").isEmpty());
        String dhcp = shell("vpn:dhcpget DEFAULT");
        assertTrue(dhcp.contains("192.168.30.50") && dhcp.contains("192.168.30.99"), dhcp);
        assertTrue(shell("vpn:natget DEFAULT").contains("1400"));
        UiDriver.poll("still running with the new pool", () -> shellQuiet("vpn:securenatstatusget DEFAULT").contains("running"));
        ui.screenshot(main, shots.resolve("securenat-settings.png"));

        aStationTakesALeaseAndSendsThroughTheNat();
        ui.tab(main, "Status");
        ui.click(main, "Disable SecureNAT");
        ui.click(ui.shell("Disable SecureNAT"), "Disable SecureNAT");
        ui.waitFor("SecureNAT off again", () -> state().equals("SecureNAT: off"));
        assertTrue(shell("vpn:securenatstatusget DEFAULT").contains("off"));
    }

    /**
     * A station behind a real VPN session takes an address from the new pool and sends one UDP
     * datagram out (to the server's own namespace address): the lease and the NAT session appear in
     * the tables, which read themselves again while shown, and in the status counters.
     */
    private static void aStationTakesALeaseAndSendsThroughTheNat() throws Exception {
        shell("vpn:usercreate DEFAULT station");
        shell("vpn:userpasswordset DEFAULT station station-pw");
        TcpTransport transport = new TcpTransport(new TestLogger().logger(), new TcpTransportConfig() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return TcpTransportConfig.class; }
            @Override public boolean nativeTransport() { return true; }
            @Override public int ioThreads() { return 1; }
        });
        DhcpProbe station = new DhcpProbe();
        ClientSession session = null;
        try {
            session = new ClientSession(ClientOptions.password(new Endpoint(addr, 5555), "DEFAULT", "station", "station-pw"),
                    transport, new ModernCipherSuites(), null, null, station, null).start().get(30, java.util.concurrent.TimeUnit.SECONDS);
            station.tunnel = session.tunnel();
            byte[] ip = station.lease("console-test");
            String leased = java.net.InetAddress.getByAddress(ip).getHostAddress();
            int last = ip[3] & 255;
            assertTrue(ip[0] == (byte) 192 && ip[1] == (byte) 168 && ip[2] == 30 && last >= 50 && last <= 99, leased);
            String mac = HexFormat.ofDelimiter("-").withUpperCase().formatHex(station.mac);
            ui.tab(main, "DHCP leases");
            ui.waitFor("the lease listed", () -> UiDriver.cells(main, "securenat.dhcp", 3).contains(mac));
            assertTrue(ui.sync(() -> UiDriver.cells(main, "securenat.dhcp", 4).contains(leased)
                    && UiDriver.cells(main, "securenat.dhcp", 6).contains("console-test")));
            ui.screenshot(main, shots.resolve("securenat-dhcp.png"));

            station.udp(station.routerMac, ip, java.net.InetAddress.getByName(addr).getAddress(), 9);
            ui.tab(main, "NAT sessions");
            // no Refresh clicked: the table reads itself again every few seconds while shown
            ui.waitFor("the NAT session listed", () -> UiDriver.cells(main, "securenat.nat", 5).contains("9"));
            assertTrue(ui.sync(() -> UiDriver.cells(main, "securenat.nat", 1).contains("UDP")
                    && UiDriver.cells(main, "securenat.nat", 2).stream().anyMatch(h -> h.contains(leased))));
            ui.screenshot(main, shots.resolve("securenat-nat.png"));
            ui.tab(main, "Status");
            ui.waitFor("one DHCP client and one UDP session counted", () -> counter(4).equals("1") && counter(1).equals("1"));
            ui.screenshot(main, shots.resolve("securenat.png"));
        } finally {
            if (session != null) {
                session.close();
            }
            var m = TcpTransport.class.getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(transport);
        }
    }

    private static String counter(int i) {
        List<Label> l = UiDriver.all(main, Label.class, x -> ("securenat.counter." + i).equals(x.getData("name")));
        return l.isEmpty() ? "" : l.get(0).getText();
    }

    /** The state line of the Status page; empty while it is not shown. */
    private static String state() {
        List<Label> l = UiDriver.all(main, Label.class, x -> "securenat.state".equals(x.getData("name")));
        return l.isEmpty() ? "" : l.get(0).getText();
    }

    /** A settings field's text; empty while it is not shown. */
    private static String field(String key) {
        List<Text> l = UiDriver.all(main, Text.class, x -> key.equals(x.getData("field")));
        return l.isEmpty() ? "" : l.get(0).getText();
    }

    /** The message under a field; empty while there is none (the label is then hidden). */
    private static String error(String key) {
        List<Label> l = UiDriver.all(main, Label.class, x -> key.equals(x.getData("error")));
        return l.isEmpty() ? "" : l.get(0).getText();
    }

    private static void type(String key, String text) throws Exception {
        ui.type(main, "field", key, text);
    }

    private static String statusLine() {
        return UiDriver.one(main, Label.class, l -> "status".equals(l.getData("name")), "status line").getText();
    }

    private static String message(Composite s) {
        return UiDriver.one(s, Label.class, l -> l.getData("message") != null, "message").getText();
    }

    private static String shell(String cmd) throws Exception {
        return Interop.evShell(home, ns, bin, data, cmd);
    }

    private static String shellQuiet(String cmd) {
        try {
            return shell(cmd);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }
}
