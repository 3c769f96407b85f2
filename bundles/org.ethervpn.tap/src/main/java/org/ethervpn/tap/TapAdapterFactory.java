package org.ethervpn.tap;

import java.io.IOException;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.plugin.Plugin;
import org.osgi.service.component.annotations.Component;

/**
 * The "tap" virtual adapter plugin: Linux TAP devices through FFM. On other systems it still
 * registers, says why it cannot work in {@link #description()}, and {@link #open} fails with that reason.
 */
@Component(service = VirtualAdapterFactory.class, property = Plugin.NAME_PROPERTY + "=" + TapAdapterFactory.NAME)
public final class TapAdapterFactory extends LinuxAdapterFactory {
    static final String NAME = "tap";

    public TapAdapterFactory() {
        super(NAME, "Linux TAP device (IFF_TAP|IFF_NO_PI) through FFM");
    }

    @Override
    public VirtualAdapter open(String interfaceName) throws IOException {
        return TapAdapter.open(interfaceName, TapAdapter.Options.DEFAULTS);
    }
}
