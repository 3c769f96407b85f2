package org.ethervpn.shell;

import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code vpn:plugins}, {@code vpn:plugin-install}, {@code vpn:plugin-uninstall}: thin over
 * {@link PluginAdmin}; they return records and {@link TableConverter} prints them. Gogo cannot map
 * hyphenated names to methods, so {@link CommandAlias} registers those names.
 */
@Component(service = PluginCommands.class)
@GogoCommand(scope = "vpn", function = {"plugins", "plugininstall", "pluginuninstall"})
public final class PluginCommands {
    private final PluginAdmin admin;

    @Activate
    public PluginCommands(@Reference PluginAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("list every plugin service: cipher suites, compression codecs, QoS policies, transports")
    public List<PluginInfo> plugins() {
        return admin.plugins();
    }

    @Descriptor("install a plugin bundle from a jar file or URL (copied into the plugins folder)")
    public PluginBundleInfo pluginInstall(CommandSession session,
            @Descriptor("jar path (relative to the shell's directory) or file:/http:/https: URL") String location)
            throws PluginException {
        return admin.install(resolve(session, location));
    }

    @Descriptor("uninstall a hot-installed plugin bundle")
    public PluginBundleInfo pluginUninstall(@Descriptor("bundle symbolic name or plugin name") String name)
            throws PluginException {
        return admin.uninstall(name);
    }

    /** Relative paths mean the caller's directory, which the remote shell passes on as the session's. */
    static String resolve(CommandSession session, String location) {
        if (location.contains("://") || location.startsWith("file:")) {
            return location;
        }
        Path p = Path.of(location);
        Path cwd = session == null ? null : session.currentDir();
        return (p.isAbsolute() || cwd == null ? p : cwd.resolve(p)).normalize().toString();
    }
}
