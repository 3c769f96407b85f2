package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ethervpn.admin.wire.ConfigWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * The configuration file (spec §5.10). GetConfig hands out our own {@code server.json} text, not a
 * SoftEther {@code vpn_server.config}: vpncmd's ConfigGet saves it as it is. SetConfig takes either
 * that text back or a SoftEther {@code vpn_server.config} ({@link VpnServerAdmin#configSet}); unlike
 * SoftEther's in-process restart, admin connections (the caller's too) stay open, sessions end.
 */
final class ConfigMethods {
    /** The leading "$" is SoftEther's "in the state directory". */
    static final String FILE_NAME = "$server.json";

    private ConfigMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("GetConfig", Rights.SERVER, null, (req, who) -> ConfigWire.writeFile(FILE_NAME, admin.configGet()));
        d.add("SetConfig", Rights.SERVER, null, (req, who) -> {
            byte[] data = ConfigWire.readFile(req);
            if (data == null) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "SetConfig needs FileData (the configuration text)");
            }
            List<String> report = admin.configSet(data);
            // SoftEther echoes the request; the report (EtherVPN's) rides along for our remote shell
            return ConfigWire.writeReport(copy(req), report);
        });
        // EtherVPN's extension: vpn:configimport from a remote shell (SoftEther has no import)
        d.add("EvImportConfig", Rights.SERVER, null, (req, who) -> {
            byte[] data = ConfigWire.readFile(req);
            if (data == null) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "EvImportConfig needs FileData (a vpn_server.config)");
            }
            return ConfigWire.writeReport(new Pack(), admin.configImport(new String(data, StandardCharsets.UTF_8)));
        });
        // every change is saved before it is reported done, so there is nothing left to flush
        d.add("Flush", Rights.SERVER, null, (req, who) -> new Pack().addInt("IntValue", admin.configGet().length));
    }
}
