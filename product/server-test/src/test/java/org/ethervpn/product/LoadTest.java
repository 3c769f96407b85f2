package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.load.LoadOptions;
import org.ethervpn.load.LoadRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small, bounded version of {@code releng/load.sh} (issue 16): the distribution's server on a
 * random loopback port, 500 sessions of the load generator held on one hub, pings to an echo
 * session through the hub, fresh logins, a short churn (log in, ping, disconnect), then the
 * disconnect. Asserts behaviour, not speed: every login accepted, the admin API lists exactly the
 * sessions held, every ping answered, nothing lost, and after the disconnect the server's
 * connections, threads and sessions are back where they started. 69 s at load average 10 on the
 * shared 2-core VM (the logins and the server's 20 s session-resume window after the disconnect
 * take most of it). Loopback only; no root needed.
 */
class LoadTest {
    private static final int SESSIONS = 500;

    @TempDir
    static Path home;
    static Path bin;
    static Path data;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        data = home.resolve("data");
        Files.createDirectories(data);
        port = 20000 + ThreadLocalRandom.current().nextInt(10000);
        Files.writeString(data.resolve("server.json"), "{\"format\": \"ethervpn-server-config\", \"version\": 1,"
                + " \"listeners\": [{\"port\": " + port + ", \"enabled\": true}], \"hubs\": []}\n");
        Interop.Run r = Interop.exec(home, Interop.command(bin, "server", "--data", data), Map.of(), Duration.ofSeconds(90), null);
        assertEquals(0, r.code(), r.toString());
        shell("vpn:hubcreate LOAD");
        shell("vpn:usercreate LOAD load");
        shell("vpn:userpasswordset LOAD load pw-load");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bin != null) {
            Interop.exec(home, Interop.command(bin, "stop", "--data", data), Map.of(), Duration.ofSeconds(60), null);
        }
    }

    @Test
    void holdsPingsChurnsAndReturnsToBaseline() throws Exception {
        long pid = Long.parseLong(Files.readString(data.resolve("run/server.pid")).strip());
        LoadOptions o = new LoadOptions(new Endpoint("127.0.0.1", port), "LOAD", "load", "pw-load", SESSIONS, 100, 32,
                List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"), 1, 2, 4, 2, 2, 20, 8, 8, pid);
        List<Integer> listed = new ArrayList<>();
        Map<String, String> r;
        try (LoadRun run = new LoadRun(o, m -> System.out.println("[load] " + m))) {
            r = run.run(() -> listed.add(sessions()));
        }
        System.out.println("LoadTest figures (not gates): " + r);
        String all = r.toString();
        assertEquals(String.valueOf(SESSIONS), r.get("sessions_held"), all);
        assertEquals("none", r.get("failures"), all);
        assertEquals(List.of(SESSIONS + 1), listed, "sessions listed by the admin API while held (the echo session too)");
        assertEquals(r.get("pings_sent"), r.get("pings_answered"), all);
        assertTrue(Long.parseLong(r.get("pings_sent")) >= SESSIONS, all);
        assertEquals(r.get("churn_started"), r.get("churn_ok"), all);
        assertTrue(Long.parseLong(r.get("churn_ok")) >= 10, all); // how many depends on the machine's load
        assertEquals("0", r.get("sessions_lost_total"), all);
        assertTrue(Long.parseLong(r.get("after_fds")) <= Long.parseLong(r.get("baseline_fds")) + 16, "fds back " + all);
        assertTrue(Long.parseLong(r.get("after_threads")) <= Long.parseLong(r.get("baseline_threads")) + 4, "threads back " + all);
        // the sessions themselves stay for the resume window (20 s) after their connection closed
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int left;
        while ((left = sessions()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        assertEquals(0, left, "sessions left on the hub after the disconnect");
    }

    /** The hub's session count from {@code vpn:hublist} (the admin API, as an operator sees it). */
    private static int sessions() {
        try {
            String out = shell("vpn:hublist");
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            List<String> header = List.of(lines.getFirst().trim().split("\\s+"));
            String row = lines.stream().filter(l -> l.startsWith("LOAD ")).findFirst().orElseThrow();
            return Integer.parseInt(row.trim().split("\\s+")[header.indexOf("SESSIONS")]);
        } catch (Exception e) {
            throw new AssertionError("vpn:hublist", e);
        }
    }

    private static String shell(String command) throws Exception {
        Interop.Run r = Interop.exec(home, Interop.command(bin, "shell", "--data", data, "-c", command), Map.of(),
                Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), command + ": " + r);
        return r.out();
    }
}
