package org.ethervpn.client;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.session.SessionParameters;

/** The client's requests (spec §3.4, §4.1, §8.2): no UDP acceleration fields, no node-info HubName. */
final class LoginPack {
    static final int VERSION = 501;
    static final int BUILD = 9674;
    private static final SecureRandom RANDOM = new SecureRandom();

    private LoginPack() {
    }

    static Pack login(ClientOptions o, byte[] challenge) {
        return login(o, challenge, false);
    }

    /** {@code superFrames}: offer them (never with compression; only our server answers it). */
    static Pack login(ClientOptions o, byte[] challenge, boolean superFrames) {
        Pack p = new Pack().addStr("method", "login").addStr("hubname", o.hub()).addStr("username", o.user());
        switch (o.auth()) {
            case ANONYMOUS -> p.addInt("authtype", 0);
            case PASSWORD -> p.addInt("authtype", 1).addData("secure_password", PasswordHash.securePassword(
                    o.password() != null ? PasswordHash.hashedPassword(o.user(), o.password()) : o.passwordHash(),
                    challenge));
            case PLAIN_PASSWORD -> p.addInt("authtype", 2).addStr("plain_password", o.password());
        }
        byte[] uniqueId = new byte[20];
        RANDOM.nextBytes(uniqueId);
        identify(p, o)
                .addInt("protocol", 0)
                .addInt("max_connection", o.maxConnections())
                .addInt("use_encrypt", o.encrypt() ? 1 : 0)
                .addInt("use_compress", o.compress() ? 1 : 0)
                .addInt("half_connection", o.halfDuplex() ? 1 : 0)
                .addInt("require_bridge_routing_mode", o.bridgeMode() ? 1 : 0)
                .addInt("require_monitor_mode", 0)
                .addInt("qos", o.qos() ? 1 : 0)
                .addData("unique_id", uniqueId)
                .addInt("V_IsWindows", 0);
        if (superFrames && !o.compress()) {
            p.addInt(SessionParameters.SUPER_FRAMES_FIELD, 1);
        }
        return p.addPadding(ThreadLocalRandom.current());
    }

    static Pack join(ClientOptions o, byte[] sessionKey) {
        Pack p = new Pack().addStr("method", "additional_connect").addData("session_key", sessionKey);
        return identify(p, o).addPadding(ThreadLocalRandom.current());
    }

    private static Pack identify(Pack p, ClientOptions o) {
        return p.addStr("client_str", o.clientProduct()).addInt("client_ver", VERSION).addInt("client_build", BUILD)
                .addStr("hello", o.clientProduct()).addInt("version", VERSION).addInt("build", BUILD);
    }
}
