package org.ethervpn.load;

import java.util.HashMap;
import java.util.Map;

import org.ethervpn.api.transport.Endpoint;

/**
 * Command line of the load generator (releng/load.sh runs it): prints progress on stderr and, at
 * the end, one {@code name value} line per figure on stdout.
 */
public final class LoadMain {
    private static final String USAGE = """
            usage: LoadMain --server HOST:PORT --hub HUB --user USER --password PW [options]
              --sessions N       sessions to hold (default 100)
              --rate R           logins started per second at most (default 100)
              --inflight K       logins under way at once at most (default 64)
              --sources N|a,b    local addresses: N from 127.0.0.2 on, or a list (default 8)
              --threads T        event loops of the generator (default 2)
              --idle S           seconds of keep-alives only, for the idle CPU (default 30)
              --traffic S        seconds of pings from every held session to the echo session (default 20)
              --ping-interval S  seconds between two pings of one session (default 10)
              --fresh K          logins timed one by one while the sessions are held (default 5)
              --churn-rate R     churn (log in, ping, disconnect) per second (default 0: none)
              --churn S          seconds of churn (default 60)
              --sample S         seconds between the server's memory samples during the churn (default 60)
              --server-pid PID   the server process to sample (/proc, jcmd)
            """;

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.print(USAGE);
                System.exit(2);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (!a.keySet().containsAll(java.util.List.of("server", "hub", "user", "password"))) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String server = a.get("server");
        int colon = server.lastIndexOf(':');
        LoadOptions o = new LoadOptions(new Endpoint(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))),
                a.get("hub"), a.get("user"), a.get("password"), num(a, "sessions", 100), num(a, "rate", 100),
                num(a, "inflight", 64), LoadOptions.sources(a.getOrDefault("sources", "8")), num(a, "threads", 2),
                num(a, "idle", 30), num(a, "traffic", 20), num(a, "ping-interval", 10), num(a, "fresh", 5),
                num(a, "churn-rate", 0), num(a, "churn", 60), num(a, "sample", 60), num(a, "server-pid", 0));
        try (LoadRun run = new LoadRun(o, m -> System.err.println("[load] " + m))) {
            Map<String, String> r = run.run(() -> System.err.println("[load] HELD"));
            r.forEach((k, v) -> System.out.println(k + " " + v));
        }
        System.exit(0);
    }

    private static int num(Map<String, String> a, String key, int fallback) {
        String v = a.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
