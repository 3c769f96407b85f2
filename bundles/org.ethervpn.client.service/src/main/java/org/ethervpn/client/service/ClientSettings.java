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
}
