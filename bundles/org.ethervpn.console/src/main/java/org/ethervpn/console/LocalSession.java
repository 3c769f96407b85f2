package org.ethervpn.console;

import java.util.function.Supplier;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.remote.RemoteAdminSession;

/** The in-process server as a session: the same views work on it; nothing to close or pin. */
record LocalSession(VpnServerAdmin admin, Supplier<PluginAdmin> pluginSource) implements RemoteAdminSession {
    @Override
    public PluginAdmin plugins() {
        return pluginSource.get();
    }

    @Override
    public String server() {
        return "this server";
    }

    @Override
    public String hub() {
        return null;
    }

    @Override
    public String fingerprint() {
        return "";
    }

    @Override
    public String tls() {
        return "in-process";
    }

    @Override
    public boolean emptyPassword() {
        return false;
    }

    @Override
    public void close() {
        // the server's own services: nothing of ours to close
    }
}
