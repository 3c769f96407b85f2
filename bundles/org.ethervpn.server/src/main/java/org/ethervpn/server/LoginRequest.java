package org.ethervpn.server;

import java.net.InetAddress;
import java.util.Locale;

import org.ethervpn.api.admin.ClientNode;
import org.ethervpn.pack.Pack;
import org.ethervpn.session.SessionParameters;

/**
 * The fields of a {@code login} PACK the server acts on (spec §3.4), read leniently like SoftEther:
 * an absent INT reads as 0. Secrets stay out of {@link #toString()}.
 */
record LoginRequest(String hub, String user, int authType, byte[] securePassword, String plainPassword,
        int maxConnection, boolean encrypt, boolean compress, boolean halfConnection, boolean qos,
        boolean bridgeMode, boolean monitorMode, String client, ClientNode node, boolean superFrames) {

    static final int AUTH_ANONYMOUS = 0;
    static final int AUTH_PASSWORD = 1;
    static final int AUTH_PLAIN_PASSWORD = 2;

    static LoginRequest of(Pack p) {
        String client = p.getStr("client_str");
        String lower = client.toLowerCase(Locale.ROOT);
        // SoftEther treats any server or bridge product as a cascade/bridge (§3.6)
        boolean bridge = p.getBool("require_bridge_routing_mode") || lower.contains("server") || lower.contains("bridge");
        return new LoginRequest(p.getStr("hubname"), p.getStr("username"), p.getInt("authtype"),
                p.contains("secure_password") ? p.getData("secure_password") : null,
                p.contains("plain_password") ? p.getStr("plain_password") : null,
                p.getInt("max_connection"),
                // an old or odd client that does not say keeps TLS: the safe default
                !p.contains("use_encrypt") || p.getBool("use_encrypt"),
                p.getBool("use_compress"), p.getBool("half_connection"), p.getBool("qos"), bridge,
                p.getBool("require_monitor_mode"), client, node(p), p.getInt(SessionParameters.SUPER_FRAMES_FIELD) == 1);
    }

    /** The client's node information; its integers arrive byte-swapped (spec §3.4, "little-endian inside"). */
    static ClientNode node(Pack p) {
        InetAddress server = p.getIp("ServerIpAddress");
        return new ClientNode(Integer.reverseBytes(p.getInt("ClientProductVer")),
                Integer.reverseBytes(p.getInt("ClientProductBuild")), p.getStr("ClientOsName"), p.getStr("ClientOsVer"),
                p.getStr("ClientOsProductId"), p.getStr("ClientHostname"), p.getStr("ServerHostname"),
                server == null ? "" : server.getHostAddress(), Integer.reverseBytes(p.getInt("ServerPort2")));
    }

    /** §3.6: clamp to 1..32 (policy MaxConnection 32), at least 2 for half-duplex or QoS, 4 for both. */
    int grantedConnections(boolean qosGranted) {
        int n = Math.clamp(maxConnection, 1, SessionParameters.MAX_CONNECTIONS);
        if (halfConnection) {
            n = Math.max(n, 2);
        }
        if (qosGranted) {
            n = Math.max(n, halfConnection ? 4 : 2);
        }
        return n;
    }

    @Override
    public String toString() {
        return "LoginRequest[hub=" + hub + ", user=" + user + ", authtype=" + authType + ", max_connection="
                + maxConnection + ", encrypt=" + encrypt + ", compress=" + compress + ", half=" + halfConnection
                + ", qos=" + qos + ", bridge=" + bridgeMode + ", superFrames=" + superFrames + ", client=" + client + "]";
    }
}
