package org.ethervpn.admin.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.api.plugin.PluginKind;
import org.ethervpn.pack.Pack;

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
            return plugins(rpc.call("EvEnumPlugin", new Pack()));
        } catch (RpcFailure f) {
            if (f.code() == org.ethervpn.api.admin.AdminError.NOT_SUPPORTED.code()) { // e.g. a SoftEther server: no registry
                throw new org.ethervpn.api.admin.AdminException(org.ethervpn.api.admin.AdminError.NOT_SUPPORTED,
                        text(f, "cannot list the plugins"), f);
            }
            throw new IllegalStateException(text(f, "cannot list the plugins"), f);
        }
    }

    @Override
    public PluginBundleInfo install(String location) throws PluginException {
        Pack req = new Pack();
        Path p = location.contains("://") ? null : Path.of(location.startsWith("file:") ? location.substring(5) : location);
        if (p != null && Files.isRegularFile(p)) {
            try {
                if (Files.size(p) > MAX_JAR) {
                    throw new PluginException(p + " is larger than " + (MAX_JAR >> 20) + " MiB");
                }
                req.addData("Jar", Files.readAllBytes(p)).addStr("FileName", p.getFileName().toString());
            } catch (IOException e) {
                throw new PluginException("cannot read " + p + ": " + e.getMessage(), e);
            }
        } else {
            req.addStr("Location", location);
        }
        return bundle("EvInstallPlugin", req, "cannot install " + location);
    }

    @Override
    public PluginBundleInfo uninstall(String name) throws PluginException {
        return bundle("EvUninstallPlugin", new Pack().addStr("Name", name), "cannot uninstall " + name);
    }

    private PluginBundleInfo bundle(String function, Pack req, String what) throws PluginException {
        try {
            Pack a = rpc.call(function, req);
            return new PluginBundleInfo(a.getStr("BundleName"), a.getStr("BundleVersion"), a.getStr("BundleState"), plugins(a));
        } catch (RpcFailure f) {
            throw new PluginException(text(f, what), f);
        }
    }

    static List<PluginInfo> plugins(Pack a) {
        List<PluginInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("Name"); i++) {
            PluginKind kind;
            try {
                kind = PluginKind.valueOf(a.getStr("Kind", i));
            } catch (IllegalArgumentException e) {
                continue; // a kind this client does not know yet
            }
            list.add(new PluginInfo(kind, a.getStr("Name", i), a.getText("Description", i), a.getStr("Bundle", i),
                    a.getStr("PluginVersion", i), a.getBool("BuiltIn", i)));
        }
        return list;
    }

    private static String text(RpcFailure f, String what) {
        if (f.getMessage() != null && !f.getMessage().isEmpty()) {
            return f.getMessage();
        }
        if (f.code() == AdminError.NOT_SUPPORTED.code()) {
            return what + ": the server has no remote plugin administration (not an EtherVPN server, or an older one)";
        }
        return what + ": " + org.ethervpn.protocol.ProtocolError.describe(f.code());
    }
}
