package org.ethervpn.tap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

    /** Linux lists a network namespace's interfaces in {@code /sys/class/net}; loopback cannot be bridged. */
    @Override
    public List<String> devices() throws IOException {
        Path net = Path.of("/sys/class/net");
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(net)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lo")).sorted().toList();
        }
    }
}
