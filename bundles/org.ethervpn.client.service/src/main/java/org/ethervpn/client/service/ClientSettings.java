package org.ethervpn.client.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Run-time settings (ConfigAdmin PID {@code org.ethervpn.client}); accounts are in the config file. */
@ObjectClassDefinition(name = "EtherVPN client", description = "VPN client settings")
public @interface ClientSettings {
    @AttributeDefinition(name = "Configuration file", description = "Relative to the data directory")
    String configFile() default "client.json";

    @AttributeDefinition(name = "Virtual adapter plugin", description = "The adapter factory NICs are made with")
    String adapterPlugin() default "tap";

    // off by default: it shortens the first pings (about a fifth) but costs start time or, running alongside the
    // first session, some of its throughput (releng/bench/README.md, "loopback warm-up")
    @AttributeDefinition(name = "Data-path warm-up (ms)", description = "Before the client reports ready, frames run"
            + " through two tunnel sessions joined over the loopback address for this long (e.g. 1000), so that"
            + " the JIT has compiled the per-frame path before the first real session; 0: off", min = "0")
    int warmupMillis() default 0;

    @AttributeDefinition(name = "Adapter read by the session's event loop", description = "Once a session carries frames,"
            + " its epoll event loop reads the virtual adapter itself instead of the adapter's reader thread handing the"
            + " frames over (one thread wake-up fewer per frame on an idle tunnel); false: always the reader thread")
    boolean adapterOnEventLoop() default true;
}
