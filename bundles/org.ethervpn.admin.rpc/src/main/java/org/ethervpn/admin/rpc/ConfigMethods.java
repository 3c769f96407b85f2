package org.ethervpn.admin.rpc;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * The configuration file (spec §5.10). GetConfig hands out our own {@code server.json} text, not a
 * SoftEther {@code vpn_server.config}: vpncmd's ConfigGet saves it as it is. SetConfig (which would
 * need the import of a SoftEther config and an in-process restart) is not offered yet (33).
 */
final class ConfigMethods {
    /** The leading "$" is SoftEther's "in the state directory". */
    static final String FILE_NAME = "$server.json";

    private ConfigMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("GetConfig", Rights.SERVER, null, (req, who) -> new Pack().addStr("FileName", FILE_NAME)
                .addData("FileData", admin.configGet()));
        // every change is saved before it is reported done, so there is nothing left to flush
        d.add("Flush", Rights.SERVER, null, (req, who) -> new Pack().addInt("IntValue", admin.configGet().length));
    }
}
