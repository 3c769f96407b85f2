package org.ethervpn.api.admin;

import java.time.Instant;
import java.util.List;

/** A VPN session on a hub with its connections. Counters are frames and bytes through the hub port. */
public record SessionInfo(String hub, String name, String user, String client, String remote, Instant created,
        int maxConnections, boolean encrypted, boolean compressed, boolean halfDuplex, boolean qos,
        boolean bridgeMode, List<ConnectionInfo> connections, long framesIn, long bytesIn, long framesOut,
        long bytesOut, long framesDropped, ClientNode node, SessionKind kind) {
    public SessionInfo {
        connections = List.copyOf(connections);
        node = node == null ? ClientNode.NONE : node;
        kind = kind == null ? SessionKind.CLIENT : kind;
    }

    /** A client's session. */
    public SessionInfo(String hub, String name, String user, String client, String remote, Instant created,
            int maxConnections, boolean encrypted, boolean compressed, boolean halfDuplex, boolean qos,
            boolean bridgeMode, List<ConnectionInfo> connections, long framesIn, long bytesIn, long framesOut,
            long bytesOut, long framesDropped, ClientNode node) {
        this(hub, name, user, client, remote, created, maxConnections, encrypted, compressed, halfDuplex, qos, bridgeMode,
                connections, framesIn, bytesIn, framesOut, bytesOut, framesDropped, node, SessionKind.CLIENT);
    }

    /** A session whose client's node information is not known. */
    public SessionInfo(String hub, String name, String user, String client, String remote, Instant created,
            int maxConnections, boolean encrypted, boolean compressed, boolean halfDuplex, boolean qos,
            boolean bridgeMode, List<ConnectionInfo> connections, long framesIn, long bytesIn, long framesOut,
            long bytesOut, long framesDropped) {
        this(hub, name, user, client, remote, created, maxConnections, encrypted, compressed, halfDuplex, qos, bridgeMode,
                connections, framesIn, bytesIn, framesOut, bytesOut, framesDropped, ClientNode.NONE, SessionKind.CLIENT);
    }
}
