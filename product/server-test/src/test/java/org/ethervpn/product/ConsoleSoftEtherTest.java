package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.ethervpn.admin.client.Connector;
import org.ethervpn.console.ConnectionStore;
import org.ethervpn.console.ConsoleWindow;
import org.ethervpn.console.SavedConnection;
import org.ethervpn.console.views.BridgesView;
import org.ethervpn.console.views.CascadesView;
import org.ethervpn.console.views.DashboardView;
import org.ethervpn.console.views.EncryptionView;
import org.ethervpn.console.views.PluginsView;
import org.ethervpn.console.views.SecureNatView;
import org.ethervpn.console.views.StatusView;
import org.ethervpn.console.views.UsersView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against a real SoftEther vpnserver (private state, in namespace {@code ns}, reached
 * over a veth pair): connect with a saved password, list its hubs, create a hub and a user through
 * the console, and see them with SoftEther's own vpncmd. It has no Plugins tab (it answers our plugin methods "not supported"); its certificate is the pinned one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSoftEtherTest {
    private static final String ADMIN_PW = "se-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    static Path dir;
    static String ns;
    static String addr;
    static Process server;
    static UiDriver ui;
    static Shell main;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/vpnserver")) || Files.isExecutable(Path.of("/usr/sbin/vpnserver")),
                "the Debian package softether-vpnserver is not installed (releng/install-test-deps.sh installs it)");
        Path build = Path.of(System.getProperty("ethervpn.build.dir", "target"));
        ui = UiDriver.get(build.resolve("swt"));
        assumeTrue(ui != null, () -> "skipped: " + UiDriver.unavailable());
        ns = Interop.labPrefix().replace("evi", "evq");
        addr = Interop.namespaceOnVeth(dir, ns, "10.217");
        server = Interop.startSoftEtherServer(dir, ns, ADMIN_PW);
    }

    @AfterAll
    static void stop() throws Exception {
        if (main != null) {
            ui.disposeShells();
        }
        if (server != null) {
            server.destroy(); // SIGTERM: the script stops its vpnserver by PID
            server.waitFor(30, TimeUnit.SECONDS);
        }
        if (ns != null) {
            Interop.exec(dir, command("bash", "-c", "ip link del " + ns + "h; ip netns pids " + ns
                    + " | xargs -r kill; ip netns del " + ns), Map.of(), Duration.ofSeconds(20), null);
        }
    }

    @Test
    @Order(1)
    void manageARealSoftEtherServer() throws Exception {
        ConnectionStore store = new ConnectionStore(dir.resolve("console"));
        byte[] sha0 = org.ethervpn.protocol.Sha0.hash(ADMIN_PW.getBytes(StandardCharsets.UTF_8));
        store.put(new SavedConnection("softether", addr, 5555, "", HexFormat.of().formatHex(sha0), ""));
        ConsoleWindow window = new ConsoleWindow(ui.ui, store, new Connector());
        for (var v : List.of(new DashboardView(), new StatusView(), new UsersView(), new PluginsView(),
                new EncryptionView(), new BridgesView(), new CascadesView(), new SecureNatView())) {
            window.addView(v);
        }
        main = ui.sync(() -> window.open(() -> { }));
        select("softether (");
        ui.click(main, "Connect"); // the password is saved: no prompt
        ui.click(ui.shell("New server certificate"), "Accept and connect");
        ui.waitFor("connected", () -> treeItem(" ●") != null);
        ui.waitFor("the real server's hub DEFAULT", () -> cells("hubs", 0).contains("DEFAULT"));

        ui.click(main, "Create hub…");
        Shell form = ui.shell("Create hub");
        ui.type(form, "field", "name", "SEHUB");
        ui.click(form, "Create");
        ui.waitFor("SEHUB listed", () -> cells("hubs", 0).contains("SEHUB"));
        // the tree shows it together with the table (one list), as for our server; it used to lag behind
        assertTrue(ui.sync(() -> treeItem("Hub SEHUB") != null), "SEHUB in the server tree with the table");
        // a hub made elsewhere (SoftEther's own vpncmd) appears in both at the next Refresh
        vpncmd("HubCreate OUTSIDE /PASSWORD:outside-pw");
        ui.click(main, "Refresh");
        ui.waitFor("OUTSIDE listed", () -> cells("hubs", 0).contains("OUTSIDE"));
        assertTrue(ui.sync(() -> treeItem("Hub OUTSIDE") != null), "OUTSIDE in the server tree with the table");
        ui.screenshot(main, Path.of(System.getProperty("ethervpn.build.dir", "target"), "console-screenshots", "softether-dashboard.png"));

        ui.tab(main, "Server status");
        ui.waitFor("SoftEther's product name", () -> cells("status", 1).stream().anyMatch(v -> v.contains("SoftEther")));
        ui.tab(main, "Encryption");
        String pinned = store.get("softether").fingerprint();
        ui.waitFor("its certificate, the one pinned", () -> UiDriver.all(main, Label.class, l -> "certificate".equals(l.getData("name"))
                && l.getText().contains("SHA-256: " + pinned)).size() == 1);
        // GetCaps and "not supported" decide the tabs: a SoftEther server has no plugin registry, so no Plugins tab
        List<String> tabs = ui.sync(() -> UiDriver.all(main, CTabFolder.class, f -> f.isVisible()).stream()
                .flatMap(f -> java.util.Arrays.stream(f.getItems())).map(CTabItem::getText).toList());
        assertTrue(tabs.contains("Local bridges") && tabs.contains("Encryption") && !tabs.contains("Plugins"), tabs.toString());

        select("Hub SEHUB");
        ui.waitFor("the users tab", () -> !UiDriver.all(main, Table.class, t -> "users".equals(t.getData("name"))).isEmpty());
        ui.click(main, "Create user…");
        Shell user = ui.shell("Create user");
        ui.type(user, "field", "name", "dave");
        ui.type(user, "field", "realname", "Dave SoftEther");
        ui.type(user, "field", "password", "dave-pw");
        ui.click(user, "Create");
        ui.waitFor("dave listed", () -> cells("users", 0).contains("dave"));

        String out = vpncmd("HubList", "Hub SEHUB", "UserList");
        assertTrue(out.contains("SEHUB") && out.contains("dave") && out.contains("Dave SoftEther"), out);
    }

    /**
     * The SecureNAT tab on the real server's hub DEFAULT (after {@link #manageARealSoftEtherServer}
     * connected): shown (its GetCaps says b_support_securenat), enabled, its options read and one
     * saved, disabled; SoftEther's own vpncmd sees each step.
     */
    @Test
    @Order(2)
    void secureNatOnARealSoftEtherServer() throws Exception {
        assumeTrue(main != null && ui.sync(() -> treeItem(" ●") != null), "needs the connection of manageARealSoftEtherServer");
        select("Hub DEFAULT");
        ui.tab(main, "SecureNAT");
        ui.waitFor("SecureNAT off", () -> text(Label.class, "name", "securenat.state").equals("SecureNAT: off"));
        ui.click(main, "Enable SecureNAT");
        ui.click(ui.shell("Enable SecureNAT"), "Enable SecureNAT");
        ui.waitFor("SecureNAT on", () -> text(Label.class, "name", "securenat.state").equals("SecureNAT: on"));
        String on = vpncmd("Hub DEFAULT", "StatusGet", "SecureNatStatusGet");
        assertTrue(on.contains("SecureNAT,Enabled") && on.contains("Allocated DHCP Clients"), on);

        ui.tab(main, "Settings");
        ui.waitFor("its options", () -> text(org.eclipse.swt.widgets.Text.class, "field", "DhcpLeaseIPStart").equals("192.168.30.10"));
        String mac = ui.sync(() -> text(org.eclipse.swt.widgets.Text.class, "field", "MacAddress"));
        assertTrue(mac.matches("([0-9A-F]{2}-){5}[0-9A-F]{2}"), mac);
        ui.type(main, "field", "DhcpLeaseIPEnd", "192.168.30.150");
        ui.click(main, "Save");
        ui.waitFor("saved", () -> UiDriver.one(main, Label.class, l -> "status".equals(l.getData("name")), "status line")
                .getText().equals("SecureNAT settings of hub DEFAULT saved"));
        String dhcp = vpncmd("Hub DEFAULT", "DhcpGet", "SecureNatHostGet");
        assertTrue(dhcp.contains("192.168.30.150") && dhcp.contains(mac), dhcp);
        ui.screenshot(main, Path.of(System.getProperty("ethervpn.build.dir", "target"), "console-screenshots",
                "softether-securenat.png"));

        ui.tab(main, "Status");
        ui.click(main, "Disable SecureNAT");
        ui.click(ui.shell("Disable SecureNAT"), "Disable SecureNAT");
        ui.waitFor("SecureNAT off again", () -> text(Label.class, "name", "securenat.state").equals("SecureNAT: off"));
        String off = vpncmd("Hub DEFAULT", "StatusGet");
        assertTrue(off.contains("SecureNAT,Disabled"), off);
    }

    /** The text of the visible {@code type} whose {@code getData(key)} is {@code value}; empty while there is none. */
    private static <T extends org.eclipse.swt.widgets.Control> String text(Class<T> type, String key, String value) {
        List<T> l = UiDriver.all(main, type, c -> value.equals(c.getData(key)));
        return l.isEmpty() ? "" : l.get(0) instanceof Label x ? x.getText() : ((org.eclipse.swt.widgets.Text) l.get(0)).getText();
    }

    /** SoftEther's vpncmd /CSV against the real server, in its namespace (releng/interop's harness). */
    private static String vpncmd(String... commands) throws Exception {
        Path in = Files.writeString(Files.createTempFile(dir, "vpncmd", ".txt"), String.join("\n", commands) + "\n");
        Process p = new ProcessBuilder(Interop.repo().resolve("releng/interop/softether-vpncmd.sh").toString(),
                dir.resolve("srv/vpnserver").toString(), ADMIN_PW, "/CSV").redirectErrorStream(true)
                .redirectInput(in.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "vpncmd hung");
        assertTrue(!out.contains("Error occurred") && !out.contains("Connection to the server failed")
                && !out.contains("Command not found"), out);
        return out;
    }

    private static void select(String text) throws Exception {
        ui.select(main, text);
    }

    private static TreeItem treeItem(String text) {
        return UiDriver.treeItem(main, text);
    }

    private static List<String> cells(String table, int column) {
        return UiDriver.cells(main, table, column);
    }
}
