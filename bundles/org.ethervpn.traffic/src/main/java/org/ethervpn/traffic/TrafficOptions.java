package org.ethervpn.traffic;

import java.time.Duration;

/**
 * A client measurement, SoftEther's TrafficClient parameters.
 *
 * @param host server name or address
 * @param port server TCP port (1..65535)
 * @param connections TCP connections, 1..32 ({@link TrafficDirection#FULL}: even, at least 2)
 * @param direction which way data flows
 * @param span how long data moves (1 s .. 1 day)
 * @param raw no Ethernet-frame correction (SoftEther's /RAW): report the TCP stream bytes as they are
 * @param doubled double the throughput (SoftEther's /DOUBLE: a relay device's input plus output)
 */
public record TrafficOptions(String host, int port, int connections, TrafficDirection direction, Duration span,
        boolean raw, boolean doubled) {
    /** SoftEther's limit on the connection count. */
    public static final int MAX_CONNECTIONS = 32;

    public TrafficOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no server host given");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1.." + MAX_CONNECTIONS + ", not " + connections);
        }
        if (direction == TrafficDirection.FULL && connections % 2 != 0) {
            throw new IllegalArgumentException("type full needs an even number of connections (half download, half upload), not "
                    + connections);
        }
        if (span == null || span.toMillis() < 1000 || span.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the span must be 1 s .. 1 day, not " + span);
        }
    }

    /** SoftEther's defaults: 32 connections, full, 15 s, with the Ethernet correction. */
    public static TrafficOptions of(String host, int port) {
        return new TrafficOptions(host, port, MAX_CONNECTIONS, TrafficDirection.FULL, Duration.ofSeconds(15), false, false);
    }

    /**
     * Options from text as the commands take them: {@code host}, {@code host:port}, {@code [v6]} or
     * {@code [v6]:port} (port 9821 when left out; a bare IPv6 address has none), the type as
     * {@link TrafficDirection#parse}, whole seconds.
     *
     * @throws IllegalArgumentException with the reason, for anything out of range
     */
    public static TrafficOptions parse(String hostPort, String type, int connections, int seconds, boolean raw,
            boolean doubled) {
        String host = hostPort.strip();
        String port = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("no ']' in " + hostPort);
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            port = rest.isEmpty() ? null : rest.startsWith(":") ? rest.substring(1) : rest;
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = host.substring(host.indexOf(':') + 1);
            host = host.substring(0, host.indexOf(':'));
        }
        int p;
        try {
            p = port == null ? TrafficTest.DEFAULT_PORT : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + hostPort);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1, not " + seconds);
        }
        return new TrafficOptions(host, p, connections, TrafficDirection.parse(type), Duration.ofSeconds(seconds), raw, doubled);
    }

    /** Whether connection {@code index} (0-based) carries data from the server to the client. */
    public boolean downloads(int index) {
        return switch (direction) {
            case DOWNLOAD -> true;
            case UPLOAD -> false;
            case FULL -> index % 2 == 0;
        };
    }
}
