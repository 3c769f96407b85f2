package org.ethervpn.api.plugin;

import java.util.Objects;

/**
 * One registered plugin service.
 *
 * @param kind which SPI it implements
 * @param name its {@link Plugin#name()}
 * @param description its {@link Plugin#description()}
 * @param bundle symbolic name of the bundle that registered it
 * @param version that bundle's version
 * @param builtIn whether the bundle is part of the runtime (true) or was hot-installed (false)
 */
public record PluginInfo(PluginKind kind, String name, String description, String bundle, String version,
        boolean builtIn) {
    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bundle, "bundle");
    }
}
