package org.ethervpn.cipher.modern;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EtherVPN modern cipher suites", description = "The default TLS plugin")
public @interface ModernCipherConfig {
    @AttributeDefinition(name = "Native TLS engine",
            description = "BoringSSL (netty-tcnative) when its native library loads: for every client connection, and on"
                    + " the server for EtherVPN peers with the default suites; the JDK's TLS otherwise")
    boolean nativeEngine() default true;
}
