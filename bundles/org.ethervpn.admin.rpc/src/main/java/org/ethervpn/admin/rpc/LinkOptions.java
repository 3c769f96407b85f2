package org.ethervpn.admin.rpc;

import java.net.InetAddress;
import java.util.List;

import org.ethervpn.admin.wire.CascadeOptionsWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * CreateLink/SetLink/GetLink's {@code <CLIENT_OPTION>}, certificate and {@code <POLICY>} fields
 * (spec §5.8) as {@link CascadeOptions}; their layout is {@link CascadeOptionsWire}, shared with
 * the client. Every field is kept, answered as SoftEther forces it for cascades (DeviceName, NumRetry, RetryInterval, NoRoutingTracking, RequireBridgeRoutingMode,
 * RequireMonitorMode), or refused with 33 naming it. A field the request leaves out keeps its value.
 */
final class LinkOptions {
    private LinkOptions() {
    }

    /**
     * The options a request asks for, starting from {@code now}: the shared layout
     * ({@link CascadeOptionsWire#read}) after refusing what cascades here cannot do.
     */
    static CascadeOptions from(Pack req, CascadeOptions now) {
        refuseUnsupported(req);
        return CascadeOptionsWire.read(req, now);
    }

    /** 33 for what cascades here cannot do, naming the field. */
    private static void refuseUnsupported(Pack req) {
        if (req.getText("Hostname").contains("/")) {
            throw unsupported("Hostname: a \"/hint\" suffix (SoftEther's HintStr) is not supported");
        }
        if (req.getInt("PortUDP") != 0) {
            throw unsupported("PortUDP: cascades here use TCP only");
        }
        if (req.getInt("BindLocalPort") != 0) {
            throw unsupported("BindLocalPort: cascades cannot choose their source port");
        }
        InetAddress bind = req.contains("BindLocalIP") ? req.getIp("BindLocalIP") : null;
        if (bind != null && !bind.isAnyLocalAddress()) {
            throw unsupported("BindLocalIP: cascades cannot choose their source address");
        }
        for (String f : new String[] {"HideStatusWindow", "HideNicInfoWindow", "FromAdminPack"}) {
            if (req.getBool(f)) {
                throw unsupported(f + ": a VPN Client setting, not one of a cascade");
            }
        }
        byte[] key = req.getData("HostUniqueKey");
        if (key != null && !Fields.allZero(key)) {
            throw unsupported("HostUniqueKey: cascades send the server's own unique key");
        }
        List<String> policy = SoftEtherPolicy.differences(i -> {
            String n = "policy:" + i.name();
            return req.contains(n) ? Integer.toUnsignedLong(req.getInt(n)) : -1;
        });
        if (!policy.isEmpty()) {
            throw unsupported("policy: cascades use the default policy; these items differ: " + String.join(", ", policy));
        }
    }

    private static AdminException unsupported(String message) {
        return new AdminException(AdminError.NOT_SUPPORTED, message);
    }
}
