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
public final class TapAdapterFactory implements VirtualAdapterFactory {
    static final String NAME = "tap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        String reason = TapSupport.unavailableReason();
        return "Linux TAP device (IFF_TAP|IFF_NO_PI) through FFM" + (reason == null ? "" : "; unavailable: " + reason);
    }

    @Override
    public VirtualAdapter open(String interfaceName) throws IOException {
        return TapAdapter.open(interfaceName, TapAdapter.Options.DEFAULTS);
    }
}
