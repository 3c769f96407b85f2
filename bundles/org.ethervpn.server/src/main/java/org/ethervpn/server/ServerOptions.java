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
 * @param sharedLoopSessions hubs with up to this many sessions run their sessions' first connections on one event
 *        loop ({@link HubRuntime#placeSession}); 0: each stays on the loop it was accepted on
 */
record ServerOptions(Path configFile, int handshakeTimeoutMillis, boolean sessionResume, String bindAddress,
        boolean bridge, ServerSettings.JsonRpc jsonRpc, int sharedLoopSessions) {
    static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 15_000;

    ServerOptions(Path configFile, int handshakeTimeoutMillis, boolean sessionResume, String bindAddress,
            boolean bridge, ServerSettings.JsonRpc jsonRpc) {
        this(configFile, handshakeTimeoutMillis, sessionResume, bindAddress, bridge, jsonRpc,
                HubRuntime.DEFAULT_SHARED_LOOP_SESSIONS);
    }

    static ServerOptions defaults(Path dataDir) {
        return new ServerOptions(dataDir.resolve("server.json"), DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, true, null, false,
                ServerSettings.JsonRpc.enabled);
    }
}
