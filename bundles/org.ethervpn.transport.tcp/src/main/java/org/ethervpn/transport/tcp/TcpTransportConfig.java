package org.ethervpn.transport.tcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EtherVPN TCP transport", description = "Netty I/O for direct TCP connections")
public @interface TcpTransportConfig {
    @AttributeDefinition(name = "Native transport", description = "Use Linux epoll when its native library loads")
    boolean nativeTransport() default true;

    @AttributeDefinition(name = "I/O threads", description = "Event-loop threads; 0 = one per CPU core", min = "0")
    int ioThreads() default 0;
}
