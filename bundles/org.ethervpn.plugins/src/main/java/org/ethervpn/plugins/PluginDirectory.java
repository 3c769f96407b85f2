package org.ethervpn.plugins;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** Where hot-installed plugins live: {@code <data>/plugins}, the folder FileInstall watches. */
final class PluginDirectory {
    static final String DATA_PROPERTY = "ethervpn.data";

    private PluginDirectory() {
    }

    /** The plugins folder, or null when the runtime was started without a data directory. */
    static Path fromFramework(BundleContext ctx) {
        String data = ctx.getProperty(DATA_PROPERTY);
        return data == null || data.isBlank() ? null : Path.of(data, "plugins").toAbsolutePath().normalize();
    }
}
