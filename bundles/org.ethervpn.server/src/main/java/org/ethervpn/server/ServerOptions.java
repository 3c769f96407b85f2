package org.ethervpn.server;

import java.nio.file.Path;

/**
 * Run-time settings of the server (from ConfigAdmin in OSGi, set directly by tests).
 *
 * @param configFile the configuration file (all hubs, users, listeners, cipher)
 * @param handshakeTimeoutMillis TLS + watermark + login must be done within this (SoftEther: 15 s)
 * @param sessionResume keep a session whose connections all dropped for its timeout, so it can be re-joined
 * @param bindAddress the address listeners bind to; null = every address, IPv4 and IPv6
 * @param bridge a VPN Bridge: first start with hub BRIDGE, and no hubs created or deleted
 * @param jsonRpc who may use JSON-RPC ({@code POST /api/})
 */
record ServerOptions(Path configFile, int handshakeTimeoutMillis, boolean sessionResume, String bindAddress,
        boolean bridge, ServerSettings.JsonRpc jsonRpc) {
    static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 15_000;

    static ServerOptions defaults(Path dataDir) {
        return new ServerOptions(dataDir.resolve("server.json"), DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, true, null, false,
                ServerSettings.JsonRpc.enabled);
    }
}
