package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.pack.Pack;

/**
 * AddLocalBridge, DeleteLocalBridge, EnumLocalBridge and EnumEthernet (admin spec §5.9) ⇄
 * {@link BridgeInfo}s and device names. The hub is {@code HubNameLB}, not {@code HubName}: the
 * dispatcher must not read a bridge request as addressed to one hub.
 */
public final class BridgeWire {
    private static final String HUB = "HubNameLB";
    private static final String DEVICE = "DeviceName";

    private BridgeWire() {
    }

    /** AddLocalBridge's request (online, not yet active, as vpncmd's BridgeCreate sends it) or DeleteLocalBridge's. */
    public static Pack writeRequest(String hub, String device, boolean tap, boolean add) {
        Pack p = new Pack().addStr(HUB, hub).addStr(DEVICE, device);
        return add ? p.addBool("TapMode", tap).addBool("Online", true).addBool("Active", false) : p;
    }

    public static String hub(Pack req) {
        return req.getStr(HUB);
    }

    public static String device(Pack req) {
        return req.getStr(DEVICE);
    }

    public static boolean tap(Pack req) {
        return req.getBool("TapMode");
    }

    /** EnumLocalBridge's answer. */
    public static Pack writeList(List<BridgeInfo> list) {
        Pack p = new Pack().addInt("NumItem", list.size()).beginJsonGroup("LocalBridgeList");
        for (BridgeInfo b : list) {
            p.appendStr(DEVICE, b.device()).appendStr(HUB, b.hub()).appendBool("Online", true)
                    .appendBool("Active", b.active()).appendBool("TapMode", b.tap());
        }
        return p.endJsonGroup();
    }

    /** The bridges; the status is only what the Active flag says (the protocol carries no reason). */
    public static List<BridgeInfo> readList(Pack a) {
        List<BridgeInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count(DEVICE); i++) {
            boolean active = a.getBool("Active", i);
            list.add(new BridgeInfo(a.getStr(HUB, i), a.getStr(DEVICE, i), a.getBool("TapMode", i), active,
                    active ? "operating" : "error (the device cannot be opened or the hub is missing)"));
        }
        return list;
    }

    /** EnumEthernet's answer: the connection name is the device name on Linux. */
    public static Pack writeDevices(List<String> devices) {
        Pack p = new Pack().addInt("NumItem", devices.size()).beginJsonGroup("EthList");
        for (String dev : devices) {
            p.appendStr(DEVICE, dev).appendUniStr("NetworkConnectionName", dev);
        }
        return p.endJsonGroup();
    }

    public static List<String> readDevices(Pack a) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < a.count(DEVICE); i++) {
            list.add(a.getStr(DEVICE, i));
        }
        return list;
    }
}
