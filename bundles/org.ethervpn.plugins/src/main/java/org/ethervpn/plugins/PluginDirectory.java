package org.ethervpn.plugins;

import java.nio.file.Path;

import org.ethervpn.config.DataDirectory;
import org.osgi.framework.BundleContext;

/** Where hot-installed plugins live: {@code <data>/plugins}, the folder FileInstall watches. */
final class PluginDirectory {

    private PluginDirectory() {
    }

    /** The plugins folder, or null when the runtime was started without a data directory. */
    static Path fromFramework(BundleContext ctx) {
        String data = ctx.getProperty(DataDirectory.PROPERTY);
        return data == null || data.isBlank() ? null : Path.of(data, "plugins").toAbsolutePath().normalize();
    }
}
