package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

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

    /** vpncmd sends the file as a NUL-terminated string. */
    private static byte[] withoutTrailingNul(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("GetConfig", Rights.SERVER, null, (req, who) -> new Pack().addStr("FileName", FILE_NAME)
                .addData("FileData", admin.configGet()));
        d.add("SetConfig", Rights.SERVER, null, (req, who) -> {
            byte[] data = req.getData("FileData");
            if (data == null) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "SetConfig needs FileData (the configuration text)");
            }
            java.util.List<String> report = admin.configSet(withoutTrailingNul(data));
            // SoftEther echoes the request; the report (EtherVPN's) rides along for our remote shell
            Pack answer = copy(req);
            report.forEach(line -> answer.appendUniStr("Report", line));
            return answer;
        });
        // EtherVPN's extension: vpn:configimport from a remote shell (SoftEther has no import)
        d.add("EvImportConfig", Rights.SERVER, null, (req, who) -> {
            byte[] data = req.getData("FileData");
            if (data == null) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "EvImportConfig needs FileData (a vpn_server.config)");
            }
            Pack answer = new Pack();
            admin.configImport(new String(withoutTrailingNul(data), java.nio.charset.StandardCharsets.UTF_8))
                    .forEach(line -> answer.appendUniStr("Report", line));
            return answer;
        });
        // every change is saved before it is reported done, so there is nothing left to flush
        d.add("Flush", Rights.SERVER, null, (req, who) -> new Pack().addInt("IntValue", admin.configGet().length));
    }
}
