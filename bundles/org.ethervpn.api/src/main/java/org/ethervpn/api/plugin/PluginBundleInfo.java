package org.ethervpn.api.plugin;

import java.util.List;

/**
 * A plugin bundle after an install or uninstall.
 *
 * @param bundle symbolic name
 * @param version bundle version
 * @param state {@code active}, {@code resolved}, {@code installed} or {@code uninstalled}
 * @param plugins the plugin services it registers (empty after an uninstall)
 */
public record PluginBundleInfo(String bundle, String version, String state, List<PluginInfo> plugins) {
    public PluginBundleInfo {
        plugins = List.copyOf(plugins);
    }
}
