package org.ethervpn.api.adapter;

import java.io.IOException;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/** Creates virtual Ethernet adapters (for example Linux TAP devices). */
@ConsumerType
public interface VirtualAdapterFactory extends Plugin {
    /**
     * Creates (or attaches to) the adapter {@code interfaceName} in the caller's network namespace.
     *
     * @throws IOException with a message a person can act on (no device node, no privilege, bad name)
     */
    VirtualAdapter open(String interfaceName) throws IOException;
}
