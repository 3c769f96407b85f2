package org.ethervpn.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.server.config.BridgeConfig;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.server.config.ConfigJson;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ListenerConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.ServerConfigException;
import org.ethervpn.server.softether.SoftEtherConfigText;
import org.ethervpn.server.softether.SoftEtherFolder;
import org.ethervpn.server.softether.SoftEtherImport;

/** The configuration as a whole: read it (ConfigGet), replace it (ConfigSet), import a SoftEther one. */
interface ServerConfigAdmin extends AdminArea {
    /**
     * Parses everything first, then makes the whole change in one save (nothing changes on an
     * error), then brings the running state in line: a replaced hub keeps its switch (so local
     * bridges stay attached) but loses its sessions and cascades, since its users were replaced.
     */
    @Override
    default List<String> configImport(String text) {
        SoftEtherFolder root;
        try {
            root = SoftEtherConfigText.parse(text);
        } catch (ServerConfigException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "cannot import the SoftEther configuration, "
                    + e.getMessage() + "; nothing was changed");
        }
        Map<String, List<String>> plugins = cipherPlugins();
        SoftEtherImport.Result[] done = new SoftEtherImport.Result[1];
        change(c -> {
            done[0] = SoftEtherImport.apply(c, root, plugins, core().context().options().bridge());
            return done[0].config();
        }, c -> applyImport(done[0], c));
        return done[0].report();
    }

    private void applyImport(SoftEtherImport.Result r, ServerConfig after) {
        for (HubConfig h : r.hubs()) {
            HubRuntime old = core().hubs().get(h.name());
            if (old == null) {
                core().hubs().add(h.name(), h.online());
                continue;
            }
            old.stopCascades();
            old.hub().setOnline(h.online());
            for (ServerSession s : old.sessions()) {
                s.end("hub " + h.name() + " was replaced by a configuration import");
            }
        }
        if (!r.listeners().isEmpty()) {
            core().listeners().apply(after.listeners());
        }
        for (HubConfig h : r.hubs()) {
            for (CascadeConfig c : h.cascades()) {
                if (c.online() && h.online()) {
                    core().startCascade(core().hubs().get(h.name()), c);
                }
            }
        }
        for (BridgeConfig b : r.bridges()) {
            core().startBridge(b);
        }
        core().syncSecureNat(after); // an imported hub's SecureNAT restarts with its imported settings
    }

    @Override
    default byte[] configGet() {
        try {
            return ConfigJson.write(core().configToSave());
        } catch (IllegalStateException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, e.getMessage());
        }
    }

    /**
     * ConfigSet: our JSON, or a SoftEther text imported into an empty configuration. Checked whole
     * before anything changes; see {@link VpnServerAdmin#configSet}.
     */
    @Override
    default List<String> configSet(byte[] text) {
        if (text == null || text.length == 0) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "the configuration is empty; nothing was changed");
        }
        ServerConfig current = config();
        String s = new String(text, StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        List<String> report = new ArrayList<>();
        ServerConfig next;
        if (s.startsWith("{")) {
            try {
                next = ConfigJson.read(s.getBytes(StandardCharsets.UTF_8));
            } catch (ServerConfigException e) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "the configuration is not valid, "
                        + e.getMessage() + "; nothing was changed");
            }
            report.add("EtherVPN configuration: " + next.hubs().size() + " hubs, " + next.listeners().size() + " listeners");
        } else {
            SoftEtherFolder root;
            try {
                root = SoftEtherConfigText.parse(s);
            } catch (ServerConfigException e) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "the configuration is neither EtherVPN's JSON nor "
                        + "a SoftEther configuration (" + e.getMessage() + "); nothing was changed");
            }
            List<HubConfig> keep = core().context().options().bridge() ? current.hubs() : List.of();
            ServerConfig empty = new ServerConfig(ServerConfig.VERSION, List.of(), current.cipher(), keep, List.of(),
                    current.adminPasswordHash());
            SoftEtherImport.Result r = SoftEtherImport.apply(empty, root, cipherPlugins(), core().context().options().bridge());
            report.addAll(r.report());
            next = r.config();
            if (next.listeners().isEmpty()) {
                next = new ServerConfig(next.version(), current.listeners(), next.cipher(), next.hubs(), next.bridges(),
                        next.adminPasswordHash());
                report.add("listeners: none in the file, the current ones are kept");
            }
        }
        if (core().context().options().bridge() && !next.hubs().stream().map(HubConfig::name).toList()
                .equals(List.of(ServerConfig.BRIDGE_HUB))) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "a VPN Bridge has exactly the one hub "
                    + ServerConfig.BRIDGE_HUB + "; nothing was changed");
        }
        if (next.listeners().stream().noneMatch(ListenerConfig::enabled)) {
            throw new AdminException(AdminError.INVALID_PARAMETER,
                    "the configuration has no enabled listener, the server would be unreachable; nothing was changed");
        }
        try {
            core().replace(next);
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR,
                    "the configuration could not be saved, nothing was changed: " + e.getMessage(), e);
        }
        report.add("applied: every VPN session ended; hubs, listeners, cascades and bridges restarted");
        return report;
    }

    private Map<String, List<String>> cipherPlugins() {
        Map<String, List<String>> plugins = new LinkedHashMap<>();
        String current = config().cipher().provider();
        core().context().plugins().cipher(current).ifPresent(p -> plugins.put(p.name(), p.cipherSuites()));
        core().context().plugins().ciphers().stream().sorted(Comparator.comparing(CipherSuiteProvider::name))
                .forEach(p -> plugins.putIfAbsent(p.name(), p.cipherSuites()));
        return plugins;
    }
}
