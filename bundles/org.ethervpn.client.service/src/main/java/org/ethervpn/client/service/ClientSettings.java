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

    // off by default: no gain measured yet on the first session (releng/bench/README.md, "Cold start")
    @AttributeDefinition(name = "Data-path warm-up (CPU ms)", description = "Once ready, frames run through the tunnel"
            + " code in memory for this much CPU time (e.g. 1500), to have the JIT compile it before the first session;"
            + " 0: off", min = "0")
    int warmupMillis() default 0;
}
