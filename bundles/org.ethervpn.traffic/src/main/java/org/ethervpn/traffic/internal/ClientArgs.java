package org.ethervpn.traffic.internal;

import java.time.Duration;

import org.ethervpn.traffic.TrafficDirection;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficTest;

/** Parsing shared by the command line and the Gogo command: {@code HOST[:PORT]} and the option values. */
public final class ClientArgs {
    private ClientArgs() {
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; a bare IPv6 address without a port is allowed. */
    public static TrafficOptions options(String hostPort, String type, int connections, int seconds, boolean raw,
            boolean doubled) {
        String host = hostPort.strip();
        int port = TrafficTest.DEFAULT_PORT;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("no ']' in " + hostPort);
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                port = port(rest.startsWith(":") ? rest.substring(1) : rest, hostPort);
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = port(host.substring(host.indexOf(':') + 1), hostPort);
            host = host.substring(0, host.indexOf(':'));
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1, not " + seconds);
        }
        return new TrafficOptions(host, port, connections, TrafficDirection.parse(type), Duration.ofSeconds(seconds), raw,
                doubled);
    }

    private static int port(String s, String whole) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + whole);
        }
    }
}
