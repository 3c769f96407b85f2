package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's {@code vpn:} admin commands as an operator runs them from bash, one line each,
 * against the unpacked distribution: hubs, users, listeners, cipher, sessions, and that the state
 * survives a restart. The server gets a free port instead of 443/992/1194/5555.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerCommandsTest {
    private static final String SECRET = "s3cret-Pa55word";

    @TempDir
    static Path home;
    static Path bin;
    static int port;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        Path tar = Path.of(System.getProperty("ethervpn.dist.tar"));
        assertEquals(0, DistributionTest.exec(home, List.of("tar", "xzf", tar.toString())).code());
        bin = home.resolve(System.getProperty("ethervpn.dist.dir")).resolve("bin/ethervpn");
        port = freePort();
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/server.json"), "{\"format\": \"ethervpn-server-config\", \"version\": 1, "
                + "\"listeners\": [{\"port\": " + port + ", \"enabled\": true}]}");
        DistributionTest.Run r = run("server", "--data", "data");
        assertEquals(0, r.code(), r.all());
    }

    @AfterAll
    static void stop() throws Exception {
        if (bin != null) {
            run("stop", "--data", "data");
        }
    }

    @Test
    @Order(1)
    void theFirstStartHasHubDefault() throws Exception {
        String out = ok("vpn:hublist");
        assertTrue(out.lines().anyMatch(l -> l.startsWith("DEFAULT ") && l.contains(" yes ")), out);
    }

    @Test
    @Order(2)
    void hubsAreCreatedTakenOfflineAndDeleted() throws Exception {
        ok("vpn:hubcreate SALES");
        assertTrue(ok("vpn:hubget SALES").contains("ONLINE:       yes"), ok("vpn:hubget SALES"));
        ok("vpn:offline SALES");
        assertTrue(ok("vpn:hubget SALES").contains("ONLINE:       no"));
        ok("vpn:online SALES");
        ok("vpn:setmaxsession SALES 5");
        assertTrue(ok("vpn:hubget SALES").contains("MAX-SESSIONS: 5"));
        DistributionTest.Run dup = shell("vpn:hubcreate sales");
        assertEquals(1, dup.code());
        assertTrue(dup.err().contains("already exists") && dup.err().contains("error 57"), dup.all());
        ok("vpn:hubdelete SALES");
        assertFalse(ok("vpn:hublist").contains("SALES"));
    }

    @Test
    @Order(3)
    void usersGetAPasswordThatIsNeverShownOrLogged() throws Exception {
        ok("vpn:usercreate --realname 'Alice Example' DEFAULT alice");
        ok("vpn:userpasswordset DEFAULT alice " + SECRET);
        String list = ok("vpn:userlist DEFAULT");
        assertTrue(list.contains("alice") && list.contains("PASSWORD") && list.contains("Alice Example"), list);
        assertTrue(ok("vpn:userget DEFAULT ALICE").contains("NAME:       alice"));
        String json = Files.readString(home.resolve("data/server.json"));
        assertTrue(json.contains("\"passwordHash\""), json);
        assertFalse(json.contains(SECRET), "the configuration holds only the hash");
        try (Stream<Path> logs = Files.list(home.resolve("data/logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(SECRET), log + " shows the password");
            }
        }
        ok("vpn:usercreate DEFAULT bob");
        ok("vpn:userdelete DEFAULT bob");
        assertFalse(ok("vpn:userlist DEFAULT").contains("bob"));
    }

    @Test
    @Order(4)
    void errorsNameTheProblemAndExitOne() throws Exception {
        DistributionTest.Run r = shell("vpn:userlist NOPE");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("hub NOPE does not exist") && r.err().contains("error 8"), r.all());
        r = shell("vpn:userdelete DEFAULT nobody");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("nobody"), r.all());
    }

    @Test
    @Order(5)
    void listenersAreBoundAndClosed() throws Exception {
        assertTrue(ok("vpn:listenerlist").contains(port + "  yes      listening"), ok("vpn:listenerlist"));
        int extra = freePort();
        ok("vpn:listenercreate " + extra);
        assertTrue(ok("vpn:listenerlist").contains(extra + "  yes      listening"), ok("vpn:listenerlist"));
        ok("vpn:listenerdisable " + extra);
        assertTrue(ok("vpn:listenerlist").contains(extra + "  no       disabled"), ok("vpn:listenerlist"));
        ok("vpn:listenerdelete " + extra);
        assertFalse(ok("vpn:listenerlist").contains(String.valueOf(extra)));
    }

    @Test
    @Order(5)
    void aPortThatCannotBeBoundIsReportedAndSkipped() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int busy = taken.getLocalPort();
            ok("vpn:listenercreate " + busy);
            String out = ok("vpn:listenerlist");
            assertTrue(out.lines().anyMatch(l -> l.startsWith(busy + " ") && l.contains("error:")), out);
            assertTrue(out.contains(port + "  yes      listening"), "the other listener runs on: " + out);
            ok("vpn:listenerdelete " + busy);
        }
    }

    @Test
    @Order(5)
    void listenersTakeIpv4AndIpv6() throws Exception {
        try (Socket v4 = new Socket("127.0.0.1", port)) {
            assertTrue(v4.isConnected());
        }
        boolean ipv6 = java.net.NetworkInterface.networkInterfaces().flatMap(i -> i.inetAddresses())
                .anyMatch(a -> a instanceof java.net.Inet6Address && a.isLoopbackAddress());
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6, "this machine has no IPv6 loopback");
        try (Socket v6 = new Socket("::1", port)) {
            assertTrue(v6.isConnected());
        }
    }

    @Test
    @Order(6)
    void theSelectedCipherSuiteIsTheOneClientsGet() throws Exception {
        ok("vpn:servercipherset modern TLS_AES_128_GCM_SHA256");
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
            @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            assertEquals("TLS_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
        } finally {
            ok("vpn:servercipherset modern");
        }
    }

    @Test
    @Order(6)
    void theServerCipherIsTheModernPlugin() throws Exception {
        String out = ok("vpn:servercipherget");
        assertTrue(out.contains("PROVIDER:            modern") && out.contains("TLS_AES_256_GCM_SHA384"), out);
        ok("vpn:servercipherset modern TLS_AES_256_GCM_SHA384 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertTrue(ok("vpn:servercipherget").contains("SUITES:              TLS_AES_256_GCM_SHA384"));
        assertEquals(1, shell("vpn:servercipherset nosuchplugin").code());
        ok("vpn:servercipherset modern");
    }

    @Test
    @Order(7)
    void emptyTablesAreNotErrors() throws Exception {
        assertEquals(0, shell("vpn:sessionlist DEFAULT").code());
        assertEquals(0, shell("vpn:mactablelist DEFAULT").code());
    }

    @Test
    @Order(8)
    void aRestartKeepsHubsUsersAndListeners() throws Exception {
        ok("vpn:hubcreate KEEP");
        assertEquals(0, run("stop", "--data", "data").code());
        assertEquals(0, run("server", "--data", "data").code());
        assertTrue(ok("vpn:hublist").contains("KEEP"));
        assertTrue(ok("vpn:userlist DEFAULT").contains("alice"));
        assertTrue(ok("vpn:listenerlist").contains(port + "  yes      listening"));
        assertTrue(Files.isRegularFile(home.resolve("data/server.json.bak")));
    }

    @Test
    @Order(9)
    void aCorruptConfigurationStopsTheStartWithTheReasonAndOffersTheBackup() throws Exception {
        Path bad = Files.createDirectories(home.resolve("bad"));
        Files.copy(home.resolve("data/server.json"), bad.resolve("server.json.bak"));
        String corrupt = "{\"format\": \"ethervpn-server-config\", \"version\": 1, \"hubs\": [{\"name\": 5}]}";
        Files.writeString(bad.resolve("server.json"), corrupt);
        DistributionTest.Run r = run("server", "--data", "bad");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("cannot start") && r.err().contains("hubs[0].name"), r.all());
        assertTrue(r.err().contains("server.json.bak"), "the backup is offered: " + r.all());
        assertEquals(corrupt, Files.readString(bad.resolve("server.json")), "the corrupt file is left alone");
        assertEquals(3, run("status", "--data", "bad").code(), "no server left running");
    }

    @Test
    @Order(10)
    void aCascadeToAnotherHubOfThisServerConnectsWithEightConnections() throws Exception {
        ok("vpn:hubcreate REMOTE");
        ok("vpn:usercreate REMOTE link");
        ok("vpn:userpasswordset REMOTE link linkpass");
        ok("vpn:cascadecreate DEFAULT toremote 127.0.0.1:" + port + " REMOTE link");
        ok("vpn:cascadepasswordset DEFAULT toremote linkpass");
        ok("vpn:cascadeonline DEFAULT toremote");
        String status = "";
        for (int i = 0; i < 60 && !status.contains("CONNECTIONS: 8"); i++) {
            Thread.sleep(250);
            status = ok("vpn:cascadestatusget DEFAULT toremote");
        }
        assertTrue(status.contains("STATUS:      connected") && status.contains("CONNECTIONS: 8"), status);
        assertTrue(ok("vpn:sessionlist REMOTE").contains("link"), "the remote hub sees the cascade session");
        assertTrue(ok("vpn:cascadelist DEFAULT").contains("toremote"));
        ok("vpn:cascadeoffline DEFAULT toremote");
        assertTrue(ok("vpn:cascadestatusget DEFAULT toremote").contains("STATUS:      offline"));
        ok("vpn:cascadedelete DEFAULT toremote");
        assertFalse(ok("vpn:cascadelist DEFAULT").contains("toremote"));
    }

    @Test
    @Order(11)
    void theWholeConfigurationIsSavedAndSetBack() throws Exception {
        Path saved = home.resolve("saved.json");
        ok("vpn:hubcreate SNAP");
        assertTrue(ok("vpn:configget " + saved).contains("configuration saved to " + saved));
        ok("vpn:hubdelete SNAP");
        Path bad = Files.writeString(home.resolve("bad.json"),
                "{\"format\": \"ethervpn-server-config\", \"version\": 1, \"hubs\": [{\"name\": 5}]}");
        DistributionTest.Run refused = shell("vpn:configset " + bad);
        assertEquals(1, refused.code(), refused.all());
        assertTrue(refused.err().contains("hubs[0].name") && refused.err().contains("nothing was changed"), refused.all());
        assertFalse(ok("vpn:hublist").contains("SNAP"));
        assertTrue(ok("vpn:configset " + saved).contains("applied"));
        assertTrue(ok("vpn:hublist").contains("SNAP"));
        assertTrue(ok("vpn:configget").contains("\"SNAP\""));
        assertTrue(ok("vpn:userlist DEFAULT").contains("alice"));
    }

    @Test
    @Order(12)
    void connectionsOutsideSessionsAreListedAndClosed() throws Exception {
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", port)) {
            String local = Integer.toString(idle.getLocalPort());
            String row = ok("vpn:connectionlist").lines().filter(l -> l.contains(" " + local + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("not listed"));
            assertTrue(row.contains("handshake"), row);
            String name = row.strip().split("\\s+")[0];
            assertTrue(ok("vpn:connectionget " + name).contains("127.0.0.1"));
            ok("vpn:connectiondisconnect " + name);
            idle.setSoTimeout(10_000);
            assertEquals(-1, idle.getInputStream().read(), "closed by the server");
            assertEquals(1, shell("vpn:connectiondisconnect " + name).code());
        }
    }

    /** The traffic tool (issue 18) in the server's runtime (vpn:traffic*) and from the launcher, which needs no runtime. */
    @Test
    @Order(13)
    void theTrafficToolRunsInTheRuntimeAndFromTheLauncher() throws Exception {
        int tp = freePort();
        assertTrue(ok("vpn:trafficserver --port " + tp).contains("listening on TCP port " + tp));
        assertTrue(ok("vpn:trafficserverlist").contains("port " + tp + ": "));
        DistributionTest.Run cli = run("traffic", "client", "127.0.0.1:" + tp, "--connections", "2", "--seconds", "1");
        assertEquals(0, cli.code(), cli.all());
        assertTrue(cli.out().contains("Average Throughput in Upload Direction") && cli.out().contains("TCP connection 2 connected"),
                cli.all());
        // the name for SoftEther's /RAW
        DistributionTest.Run raw = run("traffic", "client", "127.0.0.1:" + tp, "--connections", "2", "--seconds", "1",
                "--no-delay-correction");
        assertEquals(0, raw.code(), raw.all());
        assertTrue(raw.out().matches("(?s).*Data Correction for Ethernet Frames\\s*\\|?\\s*No.*"), raw.all());
        String gogo = ok("vpn:trafficclient --type download --connections 1 --seconds 1 127.0.0.1:" + tp);
        assertTrue(gogo.contains("Total Average Throughput") && gogo.contains("Download (Server to Client)"), gogo);
        DistributionTest.Run odd = shell("vpn:trafficclient --connections 3 127.0.0.1:" + tp);
        assertEquals(1, odd.code());
        assertTrue(odd.err().contains("even number of connections"), odd.all());
        ok("vpn:trafficserverstop --port " + tp);
        DistributionTest.Run gone = run("traffic", "client", "127.0.0.1:" + tp, "--seconds", "1");
        assertEquals(1, gone.code());
        assertTrue(gone.err().contains("could not connect"), gone.all());
        assertEquals(2, run("traffic", "client").code());
    }

    private static String ok(String command) throws IOException, InterruptedException {
        DistributionTest.Run r = shell(command);
        assertEquals(0, r.code(), command + ": " + r.all());
        return r.out();
    }

    private static DistributionTest.Run shell(String command) throws IOException, InterruptedException {
        return run("shell", "--data", "data", "-c", command);
    }

    private static DistributionTest.Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        return DistributionTest.exec(home, cmd);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
