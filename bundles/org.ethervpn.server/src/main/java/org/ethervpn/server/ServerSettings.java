package org.ethervpn.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Run-time settings (ConfigAdmin PID {@code org.ethervpn.server}); hubs, users etc. are in the config file. */
@ObjectClassDefinition(name = "EtherVPN server", description = "Session server settings")
public @interface ServerSettings {
    /** What the runtime is; the constants are the configuration's values ({@code mode=bridge}). */
    enum Mode { server, bridge }

    /** Who may use JSON-RPC ({@code POST /api/}): everyone (with the password), loopback only, or nobody. */
    enum JsonRpc { enabled, loopback, disabled }

    @AttributeDefinition(name = "Configuration file", description = "Relative to the data directory")
    String configFile() default "server.json";

    @AttributeDefinition(name = "Handshake deadline (s)",
            description = "TLS, watermark and login must finish within this many seconds (SoftEther: 15)", min = "1")
    int handshakeTimeoutSeconds() default 15;

    @AttributeDefinition(name = "Session resume",
            description = "Keep a session whose connections all dropped for its timeout, so the client can re-join it")
    boolean sessionResume() default true;

    @AttributeDefinition(name = "Mode", description = "server: a VPN Server; bridge: a VPN Bridge (one hub, BRIDGE,"
            + " for a cascade to a server and a local bridge). The launcher sets it ('ethervpn server' or 'ethervpn bridge')",
            options = {@Option(label = "VPN Server", value = "server"), @Option(label = "VPN Bridge", value = "bridge")})
    Mode mode() default Mode.server;

    @AttributeDefinition(name = "JSON-RPC", description = "SoftEther's JSON-RPC admin API (POST /api/ on the VPN ports):"
            + " enabled (with the admin password), loopback (only from this machine) or disabled",
            options = {@Option(label = "Enabled", value = "enabled"), @Option(label = "Loopback only", value = "loopback"),
                @Option(label = "Disabled", value = "disabled")})
    JsonRpc jsonRpc() default JsonRpc.enabled;

    // off by default: it shortens the first pings (about a fifth) but costs start time or, running alongside the
    // first session, some of its throughput (releng/bench/README.md, "loopback warm-up")
    @AttributeDefinition(name = "Data-path warm-up (ms)", description = "Once ready, in the background, frames run"
            + " through two tunnel sessions joined over the loopback address for this long (e.g. 1000), so that"
            + " the JIT has compiled the per-frame path before the first real session; 0: off", min = "0")
    int warmupMillis() default 0;

    @AttributeDefinition(name = "Sessions sharing an event loop per hub", description = "A hub with up to this many"
            + " sessions runs their first connections on one event loop, so a frame from one member to another is"
            + " handed over within one thread instead of waking a second (lower latency on a quiet tunnel); bigger"
            + " hubs spread over all event loops (all cores). 0: every connection stays on the loop that accepted it",
            min = "0")
    int sharedLoopSessions() default HubRuntime.DEFAULT_SHARED_LOOP_SESSIONS;
}
