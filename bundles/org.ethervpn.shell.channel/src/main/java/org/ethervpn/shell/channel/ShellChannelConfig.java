package org.ethervpn.shell.channel;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EtherVPN shell channel",
        description = "Loopback command port used by 'ethervpn shell' to run Gogo commands in the server")
public @interface ShellChannelConfig {
    @AttributeDefinition(name = "Port", description = "TCP port on 127.0.0.1; 0 picks a free one", min = "0", max = "65535")
    int port() default 0;

    @AttributeDefinition(name = "Max sessions", description = "Concurrent shell connections", min = "1")
    int maxSessions() default 16;
}
