package org.ethervpn.admin.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ethervpn.admin.wire.PluginWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.ProtocolError;

/**
 * {@link PluginAdmin} of a remote EtherVPN server through our extension methods {@code EvEnumPlugin},
 * {@code EvInstallPlugin} and {@code EvUninstallPlugin} (org.ethervpn.admin.rpc's README). A jar
 * that exists here is uploaded ({@code Jar}); anything else is a location on the server (a path
 * there, or a URL it fetches). A SoftEther server answers 33: "not supported".
 */
public final class RemotePluginAdmin implements PluginAdmin {
    /** Larger jars are refused before sending (the server takes frames of up to 16 MiB). */
    static final long MAX_JAR = 12 << 20;
    private final Rpc rpc;

    public RemotePluginAdmin(Rpc rpc) {
        this.rpc = rpc;
    }

    @Override
    public List<PluginInfo> plugins() {
        try {
            return PluginWire.readList(rpc.call("EvEnumPlugin", new Pack()));
        } catch (RpcFailure f) {
            if (f.code() == AdminError.NOT_SUPPORTED.code()) { // e.g. a SoftEther server: no registry
                throw new AdminException(AdminError.NOT_SUPPORTED,
                        text(f, "cannot list the plugins"), f);
            }
            throw new IllegalStateException(text(f, "cannot list the plugins"), f);
        }
    }

    @Override
    public PluginBundleInfo install(String location) throws PluginException {
        Pack req;
        Path p = location.contains("://") ? null : Path.of(location.startsWith("file:") ? location.substring(5) : location);
        if (p != null && Files.isRegularFile(p)) {
            try {
                if (Files.size(p) > MAX_JAR) {
                    throw new PluginException(p + " is larger than " + (MAX_JAR >> 20) + " MiB");
                }
                req = PluginWire.installJar(Files.readAllBytes(p), p.getFileName().toString());
            } catch (IOException e) {
                throw new PluginException("cannot read " + p + ": " + e.getMessage(), e);
            }
        } else {
            req = PluginWire.installLocation(location);
        }
        return bundle("EvInstallPlugin", req, "cannot install " + location);
    }

    @Override
    public PluginBundleInfo uninstall(String name) throws PluginException {
        return bundle("EvUninstallPlugin", PluginWire.uninstall(name), "cannot uninstall " + name);
    }

    private PluginBundleInfo bundle(String function, Pack req, String what) throws PluginException {
        try {
            return PluginWire.readBundle(rpc.call(function, req));
        } catch (RpcFailure f) {
            throw new PluginException(text(f, what), f);
        }
    }

    private static String text(RpcFailure f, String what) {
        if (f.getMessage() != null && !f.getMessage().isEmpty()) {
            return f.getMessage();
        }
        if (f.code() == AdminError.NOT_SUPPORTED.code()) {
            return what + ": the server has no remote plugin administration (not an EtherVPN server, or an older one)";
        }
        return what + ": " + ProtocolError.describe(f.code());
    }
}
