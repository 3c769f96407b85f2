package org.ethervpn.api.plugin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lists the plugin services of the running runtime and installs or removes plugin bundles while it
 * runs. Hot-installed bundles live in the data directory's {@code plugins/} folder, so they survive a
 * restart; dropping a jar there has the same effect as {@link #install(String)}.
 */
@ProviderType
public interface PluginAdmin {
    /** Every registered plugin service, sorted by kind then name. */
    List<PluginInfo> plugins();

    /**
     * Installs a plugin bundle from a file path or URL and waits until it is active.
     *
     * @throws PluginException if the location cannot be read, is not a bundle, duplicates an installed
     *         bundle or does not start
     */
    PluginBundleInfo install(String location) throws PluginException;

    /**
     * Removes a hot-installed plugin bundle, named by bundle symbolic name or by plugin name.
     *
     * @throws PluginException if nothing matches, or it is built into the runtime
     */
    PluginBundleInfo uninstall(String name) throws PluginException;
}
