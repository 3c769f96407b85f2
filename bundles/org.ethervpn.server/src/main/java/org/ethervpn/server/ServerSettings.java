package org.ethervpn.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Run-time settings (ConfigAdmin PID {@code org.ethervpn.server}); hubs, users etc. are in the config file. */
@ObjectClassDefinition(name = "EtherVPN server", description = "Session server settings")
public @interface ServerSettings {
    @AttributeDefinition(name = "Configuration file", description = "Relative to the data directory")
    String configFile() default "server.json";

    @AttributeDefinition(name = "Handshake deadline (s)",
            description = "TLS, watermark and login must finish within this many seconds (SoftEther: 15)", min = "1")
    int handshakeTimeoutSeconds() default 15;

    @AttributeDefinition(name = "Session resume",
            description = "Keep a session whose connections all dropped for its timeout, so the client can re-join it")
    boolean sessionResume() default true;
}
