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

    @AttributeDefinition(name = "Data-path warm-up (CPU ms)", description = "Once ready, frames run through the tunnel"
            + " code in memory for this much CPU time, so that the first session is not slowed by the JIT; 0: off", min = "0")
    int warmupMillis() default 1500;
}
