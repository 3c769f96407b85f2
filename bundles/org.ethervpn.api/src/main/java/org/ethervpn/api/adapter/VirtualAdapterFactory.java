package org.ethervpn.api.adapter;

import java.io.IOException;
import java.util.List;

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

    /**
     * The existing interfaces {@link #open} can attach to here (a server's BridgeDeviceList): the plugin
     * knows its platform, so the server never reads it itself. None by default, for plugins that
     * create their devices.
     *
     * @throws IOException when the platform cannot be asked
     * @since 1.2
     */
    default List<String> devices() throws IOException {
        return List.of();
    }
}
