package org.ethervpn.admin.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.ethervpn.admin.wire.ErrorWire;
import org.ethervpn.admin.wire.PluginWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.pack.Pack;

/**
 * EtherVPN's own admin RPC methods (not SoftEther's; the {@code Ev} prefix keeps them apart): the
 * plugin registry, for {@code ethervpn shell --server}. Server administrator only. A refusal answers
 * {@code error} 38 with the reason in {@code ErrorText}, as a SoftEther client only reads the code.
 */
final class PluginMethods {

    private PluginMethods() {
    }

    /** @param plugins the registry now, or null if the runtime has none (an optional reference) */
    static void register(Dispatcher d, Supplier<PluginAdmin> plugins) {
        d.add("EvEnumPlugin", Rights.SERVER, null, (req, who) -> {
            PluginAdmin p = plugins.get();
            return p == null ? none() : PluginWire.writeList(new Pack(), p.plugins());
        });
        d.add("EvInstallPlugin", Rights.SERVER, null, (req, who) -> {
            PluginAdmin p = plugins.get();
            if (p == null) {
                return none();
            }
            byte[] jar = req.getData("Jar");
            String location = req.getStr("Location");
            if (jar.length == 0 && location.isEmpty()) {
                return failed("give Location (a path on the server or a URL) or Jar (the jar's bytes)");
            }
            if (jar.length == 0) {
                return install(p, location);
            }
            Path tmp = null;
            try {
                // the installer copies it into plugins/ under the bundle's own name; this file is only a carrier
                tmp = Files.createTempFile("ethervpn-upload-", ".jar");
                Files.write(tmp, jar);
                return install(p, tmp.toString());
            } catch (IOException e) {
                return failed("cannot store the uploaded jar " + req.getStr("FileName") + ": " + e.getMessage());
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // a temp file left behind is harmless
                    }
                }
            }
        });
        d.add("EvUninstallPlugin", Rights.SERVER, null, (req, who) -> {
            PluginAdmin p = plugins.get();
            if (p == null) {
                return none();
            }
            try {
                return PluginWire.writeBundle(p.uninstall(req.getStr("Name")));
            } catch (PluginException e) {
                return failed(e.getMessage());
            }
        });
    }

    private static Pack install(PluginAdmin p, String location) {
        try {
            return PluginWire.writeBundle(p.install(location));
        } catch (PluginException e) {
            return failed(e.getMessage());
        }
    }

    private static Pack failed(String text) {
        // the plugin could not be installed or removed: 38, the text says why
        return ErrorWire.write(AdminError.INVALID_PARAMETER.code(), text);
    }

    private static Pack none() {
        return ErrorWire.write(AdminError.NOT_SUPPORTED.code(), "this runtime has no plugin registry");
    }
}
