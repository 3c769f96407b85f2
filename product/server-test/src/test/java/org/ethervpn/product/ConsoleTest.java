package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.ethervpn.admin.client.Connector;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.console.ConnectionStore;
import org.ethervpn.console.ConsoleWindow;
import org.ethervpn.console.SavedConnection;
import org.ethervpn.console.views.BridgesView;
import org.ethervpn.console.views.CascadesView;
import org.ethervpn.console.views.ConfigView;
import org.ethervpn.console.views.ConnectionsView;
import org.ethervpn.console.views.DashboardView;
import org.ethervpn.console.views.EncryptionView;
import org.ethervpn.console.views.HubMonitorView;
import org.ethervpn.console.views.MacTableView;
import org.ethervpn.console.views.MonitorView;
import org.ethervpn.console.views.PluginsView;
import org.ethervpn.console.views.SessionsView;
import org.ethervpn.console.views.StatusView;
import org.ethervpn.console.views.TrafficView;
import org.ethervpn.console.views.UsersView;
import org.ethervpn.traffic.TrafficServer;
import org.ethervpn.traffic.internal.TrafficTestService;
import org.ethervpn.session.SessionLink;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;

/**
 * The SWT console, in this JVM under a display (a private Xvfb unless DISPLAY is set), against our
 * server from the distribution in namespace {@code ns} (reached over a veth pair): the user's
 * clicks and typing create a connection, accept and pin the certificate, get a clear message for
 * a wrong password, create a hub and a user (the server's own shell sees them), and a changed
 * certificate is refused until accepted. Screenshots of each main screen go to
 * {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {
    private static final String PW = "cpw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private static final String HUB = "CONSOLEHUB";

    @TempDir
    static Path home;
    static Path dist;
    static Path bin;
    static Path data;
    static String ns;
    static String addr;
    static UiDriver ui;
    static ConsoleWindow window;
    static ConnectionStore store;
    static Shell main;
    static Path shots;
    static final TrafficTestService traffic = new TrafficTestService();

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: a network namespace for the server (CI runs as root)");
        Path build = Path.of(System.getProperty("ethervpn.build.dir", "target"));
        ui = UiDriver.get(build.resolve("swt"));
        assumeTrue(ui != null, () -> "skipped: " + UiDriver.unavailable());
        shots = build.resolve("console-screenshots");
        dist = Interop.unpackDistribution(home);
        bin = dist.resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evc");
        addr = Interop.namespaceOnVeth(home, ns, "10.219");
        data = home.resolve("server");
        startServer();
        Interop.evShell(home, ns, bin, data, "vpn:serverpasswordset " + PW);
        store = new ConnectionStore(home.resolve("console"));
        window = new ConsoleWindow(ui.ui, store, new Connector());
        for (var v : List.of(new DashboardView(), new StatusView(), new UsersView(), new SessionsView(), new PluginsView(),
                new CascadesView(), new MacTableView(), new BridgesView(), new ConnectionsView(), new EncryptionView(),
                new ConfigView(), new MonitorView(), new HubMonitorView(), new TrafficView(traffic))) {
            window.addView(v);
        }
        main = ui.sync(() -> window.open(() -> { }));
    }

    private static void startServer() throws Exception {
        Interop.startServer(home, ns, bin, data);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        traffic.close();
        if (main != null) {
            ui.disposeShells();
        }
        if (ns != null) {
            Interop.exec(home, command("ip", "link", "del", ns + "h"), Map.of(), Duration.ofSeconds(10), null);
            Interop.dropLab(home, ns, bin, data);
        }
    }

    @Test
    @Order(1)
    void aNewConnectionPinsTheCertificateAndAWrongPasswordIsSaidClearly() throws Exception {
        ui.click(main, "New connection…");
        Shell form = ui.shell("New connection");
        ui.type(form, "field", "name", "lab");
        ui.type(form, "field", "host", addr);
        ui.type(form, "field", "port", "5555");
        ui.screenshot(form, shots.resolve("connection-form.png"));
        ui.click(form, "Save");
        UiDriver.poll("the connection saved", () -> store.get("lab") != null);
        assertEquals("", store.get("lab").passwordSha0(), "no password saved unless asked");

        connect("lab", "wrong-" + PW);
        Shell cert = ui.shell("New server certificate");
        Map<String, String> shown = ui.sync(() -> fingerprints(cert));
        String fp = serverFingerprint();
        assertEquals(List.of(fp), List.copyOf(shown.values()), "the first contact shows the certificate's SHA-256");
        ui.screenshot(cert, shots.resolve("certificate-first-contact.png"));
        ui.click(cert, "Accept and connect");
        Shell refused = ui.shell("Cannot connect");
        String why = ui.sync(() -> message(refused));
        assertTrue(why.contains("wrong password for the server administrator"), why);
        assertFalse(why.contains(PW), why);
        ui.click(refused, "OK");
        assertEquals(fp, store.get("lab").fingerprint(), "the accepted certificate is pinned");
        assertFalse(Files.readString(store.path()).contains(PW), "no password in the saved connections");
    }

    @Test
    @Order(2)
    void connectCreateAHubAndAUserAndSeeThemOnTheServer() throws Exception {
        connect("lab", PW);
        ui.waitFor("connected", () -> treeItem(" ●") != null);
        ui.waitFor("the hubs table lists DEFAULT", () -> cells("hubs", 0).contains("DEFAULT"));
        ui.screenshot(main, shots.resolve("dashboard.png"));

        ui.click(main, "Create hub…");
        Shell form = ui.shell("Create hub");
        ui.type(form, "field", "name", HUB);
        ui.click(form, "Create");
        ui.waitFor("the new hub in the table", () -> cells("hubs", 0).contains(HUB));
        assertTrue(Interop.evShell(home, ns, bin, data, "vpn:hublist").contains(HUB));
        assertTrue(ui.sync(() -> treeItem("Hub " + HUB) != null), "the tree shows the new hub with the table (one list)");
        selectRow("hubs", 0, HUB);
        ui.click(main, "Properties…");
        Shell props = ui.shell("Hub properties");
        ui.type(props, "field", "max", "7");
        ui.click(props, "Apply");
        ui.waitFor("the hub changed", () -> statusLine().equals("hub " + HUB + " changed"));
        String hubget = Interop.evShell(home, ns, bin, data, "vpn:hubget " + HUB);
        assertTrue(hubget.matches("(?s).*\\b7\\b.*"), "max sessions 7:\n" + hubget);

        // the filter keeps matching rows; a header click sorts (twice: reversed)
        ui.type(main, "name", "hubs.filter", "consoleh");
        ui.waitFor("only the new hub shown", () -> cells("hubs", 0).equals(List.of(HUB)));
        ui.type(main, "name", "hubs.filter", "");
        ui.sync(() -> {
            Table t = table("hubs");
            t.getColumn(0).notifyListeners(SWT.Selection, new Event());
            t.getColumn(0).notifyListeners(SWT.Selection, new Event());
            return null;
        });
        ui.waitFor("hubs sorted by name, descending", () -> {
            List<String> names = cells("hubs", 0);
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(String.CASE_INSENSITIVE_ORDER.reversed());
            return names.size() >= 2 && names.equals(sorted);
        });

        ui.tab(main, "Server status");
        ui.waitFor("the server status", () -> cells("status", 1).stream().anyMatch(v -> v.contains("EtherVPN")));
        ui.screenshot(main, shots.resolve("server-status.png"));

        select("Hub " + HUB);
        ui.waitFor("the users tab", () -> !UiDriver.all(main, Table.class, t -> "users".equals(t.getData("name"))).isEmpty());
        ui.click(main, "Create user…");
        Shell user = ui.shell("Create user");
        ui.type(user, "field", "name", "alice");
        ui.type(user, "field", "realname", "Alice Console");
        ui.type(user, "field", "password", "alice-pw");
        ui.click(user, "Create");
        ui.waitFor("alice in the users table", () -> cells("users", 0).contains("alice"));
        String users = Interop.evShell(home, ns, bin, data, "vpn:userlist " + HUB);
        assertTrue(users.contains("alice") && users.contains("Alice Console") && users.contains("PASSWORD"), users);
        selectRow("users", 0, "alice");
        ui.click(main, "Edit…");
        Shell edit = ui.shell("Edit user");
        ui.type(edit, "field", "note", "edited in the console");
        ui.click(edit, "Apply");
        ui.waitFor("the note shown", () -> cells("users", 5).contains("edited in the console"));
        ui.screenshot(main, shots.resolve("hub-users.png"));
        ui.tab(main, "Sessions");
        ui.waitFor("the sessions table", () -> !UiDriver.all(main, Table.class, t -> "sessions".equals(t.getData("name"))).isEmpty());
        ui.screenshot(main, shots.resolve("hub-sessions-empty.png"));
    }

    @Test
    @Order(3)
    void aCascadeAndABridgeThroughTheConsoleAndTheOtherScreens() throws Exception {
        select("Hub " + HUB);
        // bulk entry: a preview of every line, then one result per line
        Path csv = Files.writeString(home.resolve("users.csv"), "name,password,real name\nbob,bob-pw,Bob B\ncarol,,Carol\n"
                + "alice,x\nbad name,y\n");
        ui.tab(main, "Users");
        ui.click(main, "Import CSV…");
        Shell file = ui.shell("Import users");
        ui.type(file, "field", "path", csv.toString());
        ui.click(file, "Preview");
        ui.waitFor("the preview", () -> hasReport("Import users", "line 5: not a user name"));
        Shell preview = ui.shell("Import users");
        ui.screenshot(preview, shots.resolve("csv-import-preview.png"));
        ui.click(preview, "Import 3 user(s)");
        ui.waitFor("the per-line result", () -> hasReport("Import result", "line 2: bob created"));
        String result = ui.sync(() -> report(ui.shell("Import result")));
        assertTrue(result.contains("line 3: carol created") && result.contains("line 4: alice:")
                && result.contains("line 5: skipped"), result);
        assertFalse(result.contains("bob-pw"), result);
        ui.click(ui.shell("Import result"), "OK");
        String users = Interop.evShell(home, ns, bin, data, "vpn:userlist " + HUB);
        assertTrue(users.contains("bob") && users.contains("Bob B") && users.contains("carol"), users);
        ui.tab(main, "Cascades");
        ui.waitFor("the cascades table", () -> !UiDriver.all(main, Table.class, t -> "cascades".equals(t.getData("name"))).isEmpty());
        ui.click(main, "Create cascade…");
        Shell form = ui.shell("Create cascade");
        ui.type(form, "field", "name", "tohq");
        ui.type(form, "field", "server", "hq.example.com:443");
        ui.type(form, "field", "user", "branch");
        ui.type(form, "field", "password", "branch-pw");
        ui.click(form, "Create");
        ui.waitFor("the cascade listed", () -> cells("cascades", 0).contains("tohq"));
        String cascades = Interop.evShell(home, ns, bin, data, "vpn:cascadelist " + HUB);
        assertTrue(cascades.contains("tohq") && cascades.contains("hq.example.com"), cascades);
        ui.screenshot(main, shots.resolve("hub-cascades.png"));
        ui.tab(main, "MAC table");
        ui.waitFor("the MAC table", () -> !UiDriver.all(main, Table.class, t -> "mactable".equals(t.getData("name"))).isEmpty());

        // a live session to disconnect: a cascade from this hub to DEFAULT of the same server
        select("Hub DEFAULT");
        ui.tab(main, "Users");
        ui.waitFor("the users of DEFAULT", () -> !UiDriver.all(main, Table.class, t -> "users".equals(t.getData("name"))).isEmpty());
        ui.click(main, "Create user…");
        Shell cu = ui.shell("Create user");
        ui.type(cu, "field", "name", "looper");
        ui.type(cu, "field", "password", "loop-pw");
        ui.click(cu, "Create");
        ui.waitFor("looper listed", () -> cells("users", 0).contains("looper"));
        select("Hub " + HUB);
        ui.tab(main, "Cascades");
        ui.click(main, "Create cascade…");
        Shell loop = ui.shell("Create cascade");
        ui.type(loop, "field", "name", "loop");
        ui.type(loop, "field", "server", "127.0.0.1:5555");
        ui.type(loop, "field", "user", "looper");
        ui.type(loop, "field", "password", "loop-pw");
        ui.click(loop, "Create");
        ui.waitFor("loop listed", () -> cells("cascades", 0).contains("loop"));
        selectRow("cascades", 0, "loop");
        ui.click(main, "Online");
        select("Hub DEFAULT");
        ui.tab(main, "Sessions");
        String[] session = {null};
        long until = System.nanoTime() + 30_000_000_000L;
        while (session[0] == null && System.nanoTime() < until) { // the list is read when the tab is shown or refreshed
            ui.click(main, "Refresh");
            Thread.sleep(500);
            ui.sync(() -> {
                List<String> who = cells("sessions", 1);
                int i = who.indexOf("looper");
                session[0] = i < 0 ? null : cells("sessions", 0).get(i);
                return null;
            });
        }
        assertTrue(session[0] != null, "the cascade's session on DEFAULT");
        ui.screenshot(main, shots.resolve("hub-sessions.png"));
        selectRow("sessions", 0, session[0]);
        ui.click(main, "Chart…"); // per-session live chart, in its own window
        Shell chart = ui.shell("Traffic of session " + session[0]);
        ui.waitFor("two samples of the session's chart", () -> UiDriver.all(chart, Label.class,
                l -> "throughput.now".equals(l.getData("name")) && l.getText().matches(".*; ([2-9]|[1-9][0-9]+) samples")).size() == 1);
        ui.screenshot(chart, shots.resolve("session-chart.png"));
        ui.sync(() -> {
            chart.close();
            return null;
        });
        selectRow("sessions", 0, session[0]);
        ui.click(main, "Disconnect selected");
        ui.click(ui.shell("Disconnect sessions"), "Disconnect");
        ui.waitFor("the session gone from the list", () -> !cells("sessions", 0).contains(session[0]));
        assertFalse(Interop.evShell(home, ns, bin, data, "vpn:sessionlist DEFAULT").contains(session[0]));
        select("Hub " + HUB);
        ui.tab(main, "Cascades");
        ui.waitFor("loop listed", () -> cells("cascades", 0).contains("loop"));
        selectRow("cascades", 0, "loop");
        ui.click(main, "Offline"); // no reconnection behind the next tests
        ui.waitFor("loop offline", () -> cells("cascades", 4).get(cells("cascades", 0).indexOf("loop")).equals("no"));

        select("lab (");
        ui.tab(main, "Local bridges");
        ui.waitFor("the bridges table", () -> !UiDriver.all(main, Table.class, t -> "bridges".equals(t.getData("name"))).isEmpty());
        ui.click(main, "Create bridge…");
        Shell bridge = ui.shell("Create local bridge");
        ui.type(bridge, "field", "hub", HUB);
        ui.type(bridge, "field", "device", "evcnone0");
        ui.click(bridge, "Create");
        ui.waitFor("the bridge listed", () -> cells("bridges", 1).contains("evcnone0"));
        String bridges = Interop.evShell(home, ns, bin, data, "vpn:bridgelist");
        assertTrue(bridges.contains(HUB) && bridges.contains("evcnone0"), bridges);
        ui.screenshot(main, shots.resolve("bridges.png"));

        ui.tab(main, "TCP connections");
        ui.waitFor("this console's own admin connection listed", () -> cells("connections", 1).stream().anyMatch(r -> r.startsWith(addr.replaceAll("\\.2$", ".1"))));
        ui.tab(main, "Encryption");
        ui.waitFor("the cipher", () -> UiDriver.all(main, Label.class, l -> "cipher".equals(l.getData("name"))
                && l.getText().contains("Suites:")).size() == 1);
        String pinned = store.get("lab").fingerprint();
        ui.waitFor("the server certificate, the one pinned", () -> UiDriver.all(main, Label.class, l -> "certificate".equals(l.getData("name"))
                && l.getText().contains("SHA-256: " + pinned) && l.getText().contains("Subject: ")).size() == 1);
        ui.screenshot(main, shots.resolve("encryption.png"));
        ui.tab(main, "Configuration");
        ui.waitFor("the configuration text", () -> UiDriver.all(main, org.eclipse.swt.widgets.Text.class,
                t -> "config".equals(t.getData("name")) && t.getText().contains(HUB)).size() == 1);
        ui.screenshot(main, shots.resolve("configuration.png"));
        replaceTheConfiguration();
        ui.tab(main, "Monitor");
        ui.waitFor("two samples of the live chart", () -> UiDriver.all(main, Label.class,
                l -> "throughput.now".equals(l.getData("name")) && l.getText().matches(".*; ([2-9]|[1-9][0-9]+) samples")).size() == 1);
        ui.screenshot(main, shots.resolve("monitor.png"));
        ui.tab(main, "Hubs and listeners");
    }

    /** The configuration replaced through the console: a bad file changes nothing; a good one (a hub more) is applied, its report shown. */
    private void replaceTheConfiguration() throws Exception {
        String before = Interop.evShell(home, ns, bin, data, "vpn:configget");
        Path bad = Files.writeString(home.resolve("bad-config.json"), "{ this is not a configuration");
        replaceWith(bad);
        // the server's reason, not only the code's "invalid parameter"
        ui.waitFor("the server's reason in the status line", () -> statusLine().startsWith("cannot set the configuration: "
                + "the configuration is not valid") && statusLine().contains("nothing was changed"));
        assertEquals(before, Interop.evShell(home, ns, bin, data, "vpn:configget"), "a bad file changes nothing");
        int open = before.indexOf('[', before.indexOf("\"hubs\""));
        assertTrue(open > 0, before);
        Path good = Files.writeString(home.resolve("good-config.json"),
                before.substring(0, open + 1) + "{\"name\":\"REPLACED\"}," + before.substring(open + 1));
        replaceWith(good);
        ui.click(ui.shell("Configuration replaced"), "OK");
        String list = Interop.evShell(home, ns, bin, data, "vpn:hublist");
        assertTrue(list.contains("REPLACED") && list.contains(HUB), list);
        ui.waitFor("the new hub in the tree", () -> treeItem("Hub REPLACED") != null);
    }

    private void replaceWith(Path file) throws Exception {
        ui.click(main, "Replace configuration…");
        Shell form = ui.shell("Replace configuration");
        ui.type(form, "field", "path", file.toString());
        ui.click(form, "Next");
        ui.click(ui.shell("Replace the whole configuration?"), "Replace");
    }

    @Test
    @Order(4)
    void aViewPluginAddsATabLiveAndTakesItAway() throws Exception {
        Path jar = ViewPluginJar.build(home.resolve("plugin"), "Hello plugin");
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                ConsoleTest.class.getClassLoader())) {
            var view = (org.ethervpn.console.api.ConsoleView) cl.loadClass("evtest.view.Activator").getConstructor().newInstance();
            select("lab (");
            window.addView(view);
            ui.tab(main, "Hello plugin");
            ui.waitFor("the plugin's label", () -> UiDriver.all(main, Label.class, l -> "plugin-label".equals(l.getData("name"))
                    && l.getText().contains("hubs on lab")).size() == 1);
            ui.screenshot(main, shots.resolve("plugin-view.png"));
            window.removeView(view);
            ui.waitFor("the tab gone", () -> UiDriver.all(main, org.eclipse.swt.custom.CTabFolder.class,
                    f -> UiDriver.itemTitled(f, "Hello plugin") != null).isEmpty());
            ui.waitFor("another tab shown", () -> !UiDriver.all(main, Table.class, t -> "hubs".equals(t.getData("name"))).isEmpty());
        }
    }

    @Test
    @Order(5)
    void installAndUninstallAPluginOnTheServer() throws Exception {
        select("lab (");
        ui.tab(main, "Plugins");
        ui.waitFor("the built-in plugins", () -> cells("plugins", 1).contains("modern"));
        ui.click(main, "Install…");
        Shell form = ui.shell("Install plugin");
        ui.type(form, "field", "path", dist.resolve("opt/plugins/org.ethervpn.cipher.legacy.jar").toString());
        ui.click(form, "Install");
        ui.waitFor("the legacy cipher plugin listed", () -> cells("plugins", 1).contains("legacy"));
        ui.waitFor("the outcome in the status line", () -> statusLine().startsWith("installed org.ethervpn.cipher.legacy"));
        assertTrue(Interop.evShell(home, ns, bin, data, "vpn:plugins").contains("legacy"));
        ui.screenshot(main, shots.resolve("plugins.png"));
        ui.sync(() -> {
            Table t = table("plugins");
            for (int i = 0; i < t.getItemCount(); i++) {
                if (t.getItem(i).getText(1).equals("legacy")) {
                    t.setSelection(i);
                }
            }
            return null;
        });
        ui.click(main, "Uninstall");
        ui.click(ui.shell("Uninstall plugins"), "Uninstall");
        ui.waitFor("the legacy plugin gone", () -> !cells("plugins", 1).contains("legacy"));
        UiDriver.poll("gone on the server too", () -> {
            try {
                return !Interop.evShell(home, ns, bin, data, "vpn:plugins").contains("legacy");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(6)
    void aHubAdministratorGetsOnlyItsHub() throws Exception {
        select("lab (");
        ui.tab(main, "Hubs and listeners");
        ui.waitFor("the hubs table", () -> cells("hubs", 0).contains(HUB));
        selectRow("hubs", 0, HUB);
        ui.click(main, "Properties…");
        Shell props = ui.shell("Hub properties");
        ui.type(props, "field", "password", "hubpw-" + PW);
        ui.click(props, "Apply");
        ui.waitFor("the hub changed", () -> statusLine().equals("hub " + HUB + " changed"));
        ui.click(main, "New connection…");
        Shell form = ui.shell("New connection");
        ui.type(form, "field", "name", "hubadmin");
        ui.type(form, "field", "host", addr);
        ui.type(form, "field", "port", "5555");
        ui.type(form, "field", "hub", HUB);
        ui.type(form, "field", "password", "hubpw-" + PW);
        ui.check(form, "Save the password (only its SHA-0 hash is kept)", true);
        ui.click(form, "Save");
        UiDriver.poll("saved", () -> store.get("hubadmin") != null);
        assertTrue(store.get("hubadmin").savedPassword() && !Files.readString(store.path()).contains("hubpw-"));
        select("hubadmin (");
        ui.click(main, "Connect"); // saved password: no prompt; a new connection: its certificate first
        ui.click(ui.shell("New server certificate"), "Accept and connect");
        ui.waitFor("the hub admin's users tab", () -> !UiDriver.all(main, Table.class, t -> "users".equals(t.getData("name"))).isEmpty()
                && cells("users", 0).contains("alice"));
        List<String> tabs = ui.sync(() -> {
            List<String> t = new ArrayList<>();
            for (var f : UiDriver.all(main, org.eclipse.swt.custom.CTabFolder.class, x -> true)) {
                for (var it : f.getItems()) {
                    t.add(it.getText());
                }
            }
            return t;
        });
        assertTrue(tabs.contains("Users") && tabs.contains("Cascades") && !tabs.contains("Hubs and listeners")
                && !tabs.contains("Plugins"), tabs.toString());
        ui.sync(() -> {
            window.disconnect("hubadmin");
            return null;
        });
    }

    @Test
    @Order(7)
    void aChangedCertificateIsRefusedUntilAccepted() throws Exception {
        String old = store.get("lab").fingerprint();
        ui.sync(() -> {
            window.disconnect("lab");
            return null;
        });
        // the server gets a new certificate: a man in the middle would look the same
        Interop.exec(home, command("ip", "netns", "exec", ns, bin, "stop", "--data", data), Map.of(), Duration.ofSeconds(60), null);
        Files.delete(data.resolve("server.crt"));
        Files.delete(data.resolve("server.key"));
        startServer();
        String now = serverFingerprint();
        assertFalse(now.equals(old));

        connect("lab", PW);
        Shell warn = ui.shell("Certificate changed");
        String text = ui.sync(() -> message(warn));
        assertTrue(text.contains("not the one you accepted"), text);
        // both fingerprints, each on whole-byte lines in monospace (they used to wrap mid-line)
        assertEquals(Map.of("Accepted SHA-256:", old, "Presented now:", now), ui.sync(() -> fingerprints(warn)));
        ui.screenshot(warn, shots.resolve("certificate-changed.png"));
        ui.click(warn, "Cancel");
        ui.waitFor("the refusal in the status line", () -> statusLine().contains("not connected"));
        assertEquals(old, store.get("lab").fingerprint(), "the pin stays until the user accepts");
        assertTrue(ui.sync(() -> treeItem(" ●") == null), "not connected");

        connect("lab", PW);
        ui.click(ui.shell("Certificate changed"), "Accept the new certificate");
        ui.waitFor("connected with the new certificate", () -> treeItem(" ●") != null);
        assertEquals(now, store.get("lab").fingerprint());
    }

    @Test
    @Order(8)
    void fourThousandUsersOpenWithoutFreezingTheWindow() throws Exception {
        // 4,096 users in one step: the server's configuration with a hub SCALE added, set whole
        String config = Interop.evShell(home, ns, bin, data, "vpn:configget");
        int hubs = config.indexOf("\"hubs\"");
        int open = config.indexOf('[', hubs);
        assertTrue(hubs > 0 && open > hubs, config);
        StringBuilder scale = new StringBuilder("{\"name\":\"SCALE\",\"users\":[");
        for (int i = 0; i < 4096; i++) {
            scale.append(i == 0 ? "" : ",").append("{\"name\":\"user").append(String.format("%04d", i))
                    .append("\",\"realName\":\"Scale user ").append(i).append("\"}");
        }
        scale.append("]},");
        Path file = Files.writeString(home.resolve("scale.json"), config.substring(0, open + 1) + scale + config.substring(open + 1));
        Interop.evShell(home, ns, bin, data, "vpn:configset " + file);
        ui.waitFor("connected", () -> treeItem(" ●") != null);
        ui.sync(() -> {
            window.disconnect("lab"); // configSet restarted the hubs: reconnect for a fresh tree
            return null;
        });
        connect("lab", PW);
        ui.waitFor("hub SCALE in the tree", () -> treeItem("Hub SCALE") != null);

        long t0 = System.nanoTime();
        long shown;
        long refreshMs;
        long sortFilterMs;
        try (UiDriver.StallProbe probe = ui.stallProbe()) {
            select("Hub SCALE");
            ui.tab(main, "Users");
            ui.waitFor("4,096 users listed", () -> UiDriver.all(main, Table.class, t -> "users".equals(t.getData("name"))
                    && t.getItemCount() == 4096).size() == 1);
            shown = (System.nanoTime() - t0) / 1_000_000;
            ui.click(main, "Refresh");
            Thread.sleep(1500);
            refreshMs = probe.longestMillis();
            ui.sync(() -> {
                Table t = table("users");
                t.getColumn(1).notifyListeners(SWT.Selection, new Event()); // sort 4,096 rows by real name
                t.setTopIndex(2000); // scroll: items are made only now
                return null;
            });
            ui.type(main, "name", "users.filter", "user40");
            ui.waitFor("the filter keeps 96 users", () -> table("users").getItemCount() == 96);
            sortFilterMs = probe.longestMillis();
        }
        System.out.println("console scale: 4,096 users listed " + shown + " ms after selecting the hub; longest UI-thread busy "
                + "stretch " + refreshMs + " ms while listing and refreshing, " + sortFilterMs + " ms including sort, scroll and filter");
        ui.screenshot(main, shots.resolve("scale-users.png"));
        assertTrue(sortFilterMs < 2000, "the UI thread was busy for " + sortFilterMs + " ms at a stretch");
    }

    @Test
    @Order(9)
    void throughAnHttpOrSocks5Proxy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tinyproxy")) && Files.isExecutable(Path.of("/usr/bin/microsocks")),
                "tinyproxy and microsocks are not installed (releng/install-test-deps.sh installs them)");
        // the proxies run beside the server; the console reaches the server's own 127.0.0.1:5555 only through them
        String hostSide = addr.replaceAll("\\.2$", ".1");
        Path conf = Files.writeString(home.resolve("tinyproxy.conf"), "Port 8888\nListen " + addr + "\nTimeout 60\nAllow "
                + hostSide + "\nConnectPort 5555\nBasicAuth px px-secret\nLogFile \"" + home.resolve("tinyproxy.log")
                + "\"\nLogLevel Info\nMaxClients 20\n");
        Process http = new ProcessBuilder("ip", "netns", "exec", ns, "tinyproxy", "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("tinyproxy.out").toFile()).start();
        Process socks = new ProcessBuilder("ip", "netns", "exec", ns, "microsocks", "-i", addr, "-p", "1080", "-u", "sx",
                "-P", "sx-secret").redirectErrorStream(true).redirectOutput(home.resolve("microsocks.out").toFile()).start();
        try {
            for (String[] p : new String[][] {{"viahttp", "http", "8888", "px", "px-secret"}, {"viasocks", "socks5", "1080", "sx", "sx-secret"}}) {
                ui.click(main, "New connection…");
                Shell form = ui.shell("New connection");
                ui.type(form, "field", "name", p[0]);
                ui.type(form, "field", "host", "127.0.0.1");
                ui.type(form, "field", "port", "5555");
                ui.type(form, "field", "password", PW);
                ui.check(form, "Save the password (only its SHA-0 hash is kept)", true);
                ui.type(form, "field", "proxytype", p[1]);
                ui.type(form, "field", "proxy", addr + ":" + p[2]);
                ui.type(form, "field", "proxyuser", p[3]);
                ui.click(form, "Save");
                UiDriver.poll("saved", () -> store.get(p[0]) != null);
                select(p[0] + " (");
                ui.click(main, "Connect");
                Shell pw = ui.shell("Password");
                ui.type(pw, "field", "proxypassword", p[4]);
                ui.click(pw, "Connect");
                ui.click(ui.shell("New server certificate"), "Accept and connect");
                ui.waitFor("connected through the " + p[1] + " proxy", () -> treeItem(p[0] + " (") != null
                        && treeItem(p[0] + " (").getText().contains("●") && treeItem(p[0] + " (").getItemCount() >= 2);
                assertEquals(serverFingerprint(), store.get(p[0]).fingerprint(), "the same server behind the proxy");
                assertFalse(Files.readString(store.path()).contains(p[4]), "no proxy password saved");
                ui.sync(() -> {
                    window.disconnect(p[0]);
                    return null;
                });
            }
            assertTrue(Files.readString(home.resolve("tinyproxy.log")).contains("127.0.0.1"), "the HTTP proxy carried it");
        } finally {
            http.destroy();
            socks.destroy();
            http.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            socks.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * 4,096 real VPN sessions (our client core in this JVM, one TCP connection each, password login
     * over TLS to the server in its namespace) on hub SCALE: the Sessions tab lists and refreshes them
     * while a probe measures the UI thread's longest busy stretch.
     */
    @Test
    @Order(10)
    void fourThousandRealSessionsListWithoutFreezingTheWindow() throws Exception {
        Interop.evShell(home, ns, bin, data, "vpn:hubcreate SESSIONS");
        Interop.evShell(home, ns, bin, data, "vpn:usercreate SESSIONS loader");
        Interop.evShell(home, ns, bin, data, "vpn:userpasswordset SESSIONS loader load-pw");
        int n = 4096;
        TcpTransport transport = new TcpTransport(new TestLogger().logger(), new TcpTransportConfig() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return TcpTransportConfig.class; }
            @Override public boolean nativeTransport() { return true; }
            @Override public int ioThreads() { return 2; }
        });
        List<ClientSession> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            long t0 = System.nanoTime();
            ClientOptions o = ClientOptions.password(new Endpoint(addr, 5555), "SESSIONS", "loader", "load-pw").withConnections(1, false);
            ModernCipherSuites cipher = new ModernCipherSuites(); // one TLS context for all: its set-up costs more than a handshake
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(48);
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = 0; i < n && failed.get() == null; i++) {
                assertTrue(inFlight.tryAcquire(60, java.util.concurrent.TimeUnit.SECONDS), "logins stalled at " + i);
                new ClientSession(o, transport, cipher, null, null, new SinkLink(), null).start()
                        .whenComplete((cs, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            } else {
                                sessions.add(cs);
                            }
                            inFlight.release(); // after the add: the last acquire below sees every session
                        });
            }
            assertTrue(inFlight.tryAcquire(48, 60, java.util.concurrent.TimeUnit.SECONDS), "the last logins did not finish");
            assertEquals(null, failed.get(), "every login succeeds");
            long loginMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("console scale: " + sessions.size() + " sessions logged in in " + loginMs + " ms");
            assertEquals(n, sessions.size());

            ui.sync(() -> {
                window.disconnect("lab"); // a fresh tree with the new hub
                return null;
            });
            connect("lab", PW);
            ui.waitFor("hub SESSIONS in the tree", () -> treeItem("Hub SESSIONS") != null);
            long shown;
            long longest;
            try (UiDriver.StallProbe probe = ui.stallProbe()) {
                long t1 = System.nanoTime();
                select("Hub SESSIONS");
                ui.tab(main, "Sessions");
                ui.waitFor("4,096 sessions listed", () -> UiDriver.all(main, Table.class, t -> "sessions".equals(t.getData("name"))
                        && t.getItemCount() == n).size() == 1);
                shown = (System.nanoTime() - t1) / 1_000_000;
                ui.click(main, "Refresh");
                Thread.sleep(1500);
                ui.sync(() -> {
                    Table t = table("sessions");
                    t.getColumn(7).notifyListeners(SWT.Selection, new Event()); // sort by bytes received
                    t.setTopIndex(3000);
                    return null;
                });
                Thread.sleep(500);
                longest = probe.longestMillis();
            }
            String line = "console scale: " + n + " real sessions logged in in " + loginMs + " ms; listed " + shown
                    + " ms after selecting the hub; longest UI-thread busy stretch " + longest + " ms (list, refresh, sort, scroll)";
            System.out.println(line);
            Files.writeString(shots.resolve("scale-sessions.txt"), line + "\n");
            ui.screenshot(main, shots.resolve("scale-sessions.png"));
            assertTrue(longest < 2000, "the UI thread was busy for " + longest + " ms at a stretch");
        } finally {
            sessions.forEach(ClientSession::close);
            var m = TcpTransport.class.getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(transport);
        }
    }

    /** A session's virtual cable to nowhere: frames in are dropped, none go out. */
    private static final class SinkLink implements SessionLink {
        @Override
        public void received(List<ByteBuf> frames) {
            frames.forEach(ByteBuf::release);
        }

        @Override
        public int drainTo(List<? super ByteBuf> out, int max) {
            return 0;
        }
    }

    // ---- helpers (the widget ones run on the UI thread)

    private static void connect(String name, String password) throws Exception {
        select(name + " (");
        ui.click(main, "Connect");
        Shell pw = ui.shell("Password");
        ui.type(pw, "field", "password", password);
        ui.click(pw, "Connect");
    }

    private static Table table(String name) {
        return UiDriver.one(main, Table.class, t -> name.equals(t.getData("name")), "table " + name);
    }

    private static String statusLine() {
        return UiDriver.one(main, Label.class, l -> "status".equals(l.getData("name")), "status line").getText();
    }

    /**
     * The fingerprints a certificate dialog shows, by caption, each as one "AA:BB:..." text; fails
     * unless each is in a monospace font, in lines of whole bytes (16 at most), none clipped.
     */
    private static Map<String, String> fingerprints(Shell s) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Label l : UiDriver.all(s, Label.class, l -> l.getData("fingerprint") != null)) {
            assertEquals(0, l.getStyle() & SWT.WRAP, "a fingerprint is not wrapped by the label's width");
            assertEquals("Monospace", l.getFont().getFontData()[0].getName());
            for (String line : l.getText().split("\n")) {
                assertTrue(line.matches("([0-9A-Fa-f]{2}:){0,15}[0-9A-Fa-f]{2}"), "a line of whole bytes: " + line);
            }
            assertTrue(l.getBounds().x + l.getBounds().width <= s.getClientArea().width, "the fingerprint fits the dialog");
            shown.put((String) l.getData("fingerprint"), l.getText().replace("\n", ":"));
        }
        return shown;
    }

    private static String message(Shell s) {
        return UiDriver.one(s, Label.class, l -> l.getData("message") != null, "message").getText();
    }

    /** Selects the row whose cell in {@code column} is {@code text}, with the event a click sends. */
    private static void selectRow(String table, int column, String text) throws Exception {
        ui.sync(() -> {
            Table t = table(table);
            for (int i = 0; i < t.getItemCount(); i++) {
                if (t.getItem(i).getText(column).equals(text)) {
                    t.setSelection(i);
                    t.notifyListeners(SWT.Selection, new Event());
                    return null;
                }
            }
            throw new AssertionError(text + " not in table " + table);
        });
    }

    private static boolean hasReport(String title, String text) {
        for (Shell s : ui.ui.display().getShells()) {
            if (!s.isDisposed() && s.isVisible() && title.equals(s.getText())
                    && !UiDriver.all(s, org.eclipse.swt.widgets.Text.class, t -> "report".equals(t.getData("name"))).isEmpty()
                    && report(s).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String report(Shell s) {
        return UiDriver.one(s, org.eclipse.swt.widgets.Text.class, t -> "report".equals(t.getData("name")), "report").getText();
    }

    private static String serverFingerprint() throws Exception {
        try (InputStream in = Files.newInputStream(data.resolve("server.crt"))) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        }
    }

    /** The traffic test (issue 18) from a server's tab: a live chart while it runs, then the result. */
    @Test
    @Order(11)
    void theTrafficTestDrawsALiveChartAndShowsTheResult() throws Exception {
        try (TrafficServer server = traffic.startServer(0, null)) {
            ui.waitFor("a connected server", () -> treeItem(" ●") != null);
            select(ui.sync(() -> treeItem(" ●").getText()));
            ui.tab(main, "Traffic test");
            ui.type(main, "name", "traffic.host", "127.0.0.1:" + server.port());
            ui.sync(() -> {
                UiDriver.one(main, Spinner.class, x -> "traffic.seconds".equals(x.getData("name")), "seconds").setSelection(5);
                UiDriver.one(main, Spinner.class, x -> "traffic.connections".equals(x.getData("name")), "connections").setSelection(4);
                return null;
            });
            ui.click(main, "Start");
            ui.waitFor("three samples on the live chart", () -> UiDriver.all(main, Label.class, l -> "traffic.now".equals(l.getData("name"))
                    && l.getText().matches(".*; ([3-9]|[1-9][0-9]+) samples")).size() == 1);
            ui.screenshot(main, shots.resolve("traffic-test-running.png"));
            ui.waitFor("the result", () -> UiDriver.all(main, org.eclipse.swt.widgets.Text.class,
                    t -> "traffic.result".equals(t.getData("name")) && t.getText().contains("Total:")).size() == 1);
            String result = ui.sync(() -> UiDriver.one(main, org.eclipse.swt.widgets.Text.class,
                    t -> "traffic.result".equals(t.getData("name")), "result").getText());
            assertTrue(result.contains("Ethernet-frame correction: yes") && result.matches("(?s).*Download: [1-9][0-9,]* bytes.*"),
                    result);
            ui.screenshot(main, shots.resolve("traffic-test.png"));
        }
    }

    static SavedConnection saved(String name) {
        return store.get(name);
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
