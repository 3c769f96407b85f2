package org.ethervpn.tap;

import java.io.IOException;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.plugin.Plugin;
import org.osgi.service.component.annotations.Component;

/**
 * The "packet" virtual adapter plugin: a local bridge to an existing Linux Ethernet interface through an
 * AF_PACKET socket. {@link #open} attaches to the interface; it does not create one.
 */
@Component(service = VirtualAdapterFactory.class, property = Plugin.NAME_PROPERTY + "=" + PacketAdapterFactory.NAME)
public final class PacketAdapterFactory extends LinuxAdapterFactory {
    static final String NAME = "packet";

    public PacketAdapterFactory() {
        super(NAME, "local bridge to an existing Linux Ethernet interface (AF_PACKET, promiscuous) through FFM");
    }

    @Override
    public VirtualAdapter open(String interfaceName) throws IOException {
        return PacketAdapter.open(interfaceName);
    }
}
