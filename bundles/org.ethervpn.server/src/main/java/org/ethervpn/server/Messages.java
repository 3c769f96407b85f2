package org.ethervpn.server;

import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.session.SessionParameters;

/** The PACKs the server sends during the handshake (spec §1.4, §3.5, §3.7, §4.1, §2.2). */
final class Messages {
    /** What a 5.01 server announces; real clients compare versions, so we say we are 5.01. */
    static final int VERSION = 501;
    static final int BUILD = 9674;
    static final String PRODUCT = "EtherVPN Server (SoftEther VPN 5.01 compatible)";

    private Messages() {
    }

    static Pack hello(byte[] random, RandomGenerator padding) {
        return new Pack().addStr("hello", PRODUCT).addInt("version", VERSION).addInt("build", BUILD)
                .addData("random", random).addPadding(padding);
    }

    static Pack error(ProtocolError error, RandomGenerator padding) {
        return new Pack().addInt("error", error.code()).addInt("no_save_password", 0).addPadding(padding);
    }

    static Pack noop(RandomGenerator padding) {
        return new Pack().addInt("error", 0).addInt("noop", 1).addPadding(padding);
    }

    static Pack hubList(List<String> hubs, RandomGenerator padding) {
        Pack p = new Pack();
        for (String hub : hubs) {
            p.appendStr("HubName", hub);
        }
        return p.addInt("NumHub", hubs.size()).addPadding(padding);
    }

    static Pack welcome(String sessionName, String connectionName, byte[] sessionKey, int sessionKey32,
            SessionParameters granted, boolean bridgeMode, RandomGenerator padding) {
        Pack p = new Pack()
                .addStr("session_name", sessionName)
                .addStr("connection_name", connectionName)
                .addData("session_key", sessionKey)
                .addInt("session_key_32", sessionKey32)
                .addInt("max_connection", granted.maxConnections())
                .addInt("use_encrypt", granted.encrypted() ? 1 : 0)
                .addInt("use_compress", granted.compressed() ? 1 : 0)
                .addInt("half_connection", granted.halfDuplex() ? 1 : 0)
                .addInt("timeout", granted.timeoutMillis())
                .addInt("qos", granted.qos() ? 1 : 0)
                .addInt("is_azure_session", 0)
                .addInt("vlan_id", 0)
                .addInt("enable_udp_recovery", 0)
                .addData("Msg", new byte[0]);
        if (granted.superFrames()) {
            p.addInt(SessionParameters.SUPER_FRAMES_FIELD, 1); // only ever to a peer that offered them
        }
        Policy.addTo(p, bridgeMode);
        return p.addPadding(padding);
    }

    static Pack joined(ConnectionDirection direction, RandomGenerator padding) {
        return new Pack().addInt("error", 0).addInt("direction", direction.code()).addPadding(padding);
    }

    static byte[] random(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
