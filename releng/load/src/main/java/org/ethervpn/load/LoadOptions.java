package org.ethervpn.load;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.transport.Endpoint;

/**
 * What a run does (command-line flags in brackets; see {@link LoadMain}).
 *
 * @param sessions sessions to log in and hold [--sessions]
 * @param loginRate logins started per second at most [--rate]
 * @param inFlight logins under way at once at most [--inflight]
 * @param sources local addresses the connections come from [--sources: a count from 127.0.0.2 on, or a,b,c]
 * @param idleSeconds how long the held sessions only exchange keep-alives (the idle CPU window) [--idle]
 * @param trafficSeconds how long every held session pings the echo session [--traffic]
 * @param pingInterval seconds between two pings of one held session during the traffic phase [--ping-interval]
 * @param freshLogins logins timed one by one while the sessions are held [--fresh]
 * @param churnRate churn operations (log in, ping, disconnect) started per second [--churn-rate]
 * @param churnSeconds how long the churn lasts [--churn]
 * @param sampleSeconds the server's memory after a full GC is sampled this often during the churn [--sample]
 * @param serverPid the server process to sample from /proc and with jcmd, or 0 [--server-pid]
 */
public record LoadOptions(Endpoint server, String hub, String user, String password, int sessions, int loginRate,
        int inFlight, List<String> sources, int threads, int idleSeconds, int trafficSeconds, int pingInterval,
        int freshLogins, int churnRate, int churnSeconds, int sampleSeconds, long serverPid) {

    public LoadOptions {
        if (sessions < 0 || loginRate < 1 || inFlight < 1 || sources.isEmpty() || threads < 1 || pingInterval < 1
                || churnRate < 0 || sampleSeconds < 1) {
            throw new IllegalArgumentException("bad load options: " + this);
        }
    }

    /** {@code N}: 127.0.0.2 .. 127.0.0.(N+1); else a comma-separated list. */
    static List<String> sources(String spec) {
        if (spec.matches("\\d+")) {
            int n = Integer.parseInt(spec);
            if (n < 1 || n > 250) {
                throw new IllegalArgumentException("--sources N: 1..250 loopback addresses, not " + n);
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add("127.0.0." + (2 + i));
            }
            return list;
        }
        return List.of(spec.split(","));
    }
}
