package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.pack.Pack;

/** EnumMacTable's answer (admin spec §5.7) ⇄ {@link MacEntryInfo}s. */
public final class MacTableWire {
    private static final HexFormat MAC_TEXT = HexFormat.ofDelimiter("-").withUpperCase();

    private MacTableWire() {
    }

    /** The answer for hub {@code hub} of server {@code host}: keys count from 1, no VLANs, all entries local. */
    public static Pack writeList(String hub, String host, List<MacEntryInfo> entries) {
        Pack p = new Pack().addStr("HubName", hub).beginJsonGroup("MacTable");
        int key = 1;
        for (MacEntryInfo m : entries) {
            p.appendInt("Key", key++).appendStr("SessionName", m.session())
                    .appendData("MacAddress", HexFormat.of().parseHex(m.mac().replaceAll("[^0-9A-Fa-f]", "")))
                    .appendInt("VlanId", 0).appendTime64("CreatedTime", Traffic.time(m.created()))
                    .appendTime64("UpdatedTime", Traffic.time(m.lastSeen())).appendBool("RemoteItem", false)
                    .appendStr("RemoteHostname", host);
        }
        return p.endJsonGroup();
    }

    /** The entries of hub {@code hub}; MACs as {@code AA-BB-CC-DD-EE-FF}. */
    public static List<MacEntryInfo> readList(String hub, Pack a) {
        List<MacEntryInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("SessionName"); i++) {
            list.add(new MacEntryInfo(hub, MAC_TEXT.formatHex(a.getData("MacAddress", i)), a.getStr("SessionName", i),
                    Traffic.time(a.getInt64("CreatedTime", i)), Traffic.time(a.getInt64("UpdatedTime", i))));
        }
        return list;
    }
}
