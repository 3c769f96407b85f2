package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.pack.Pack;

/** EnumListener's answer (admin spec §5.2) ⇄ {@link ListenerInfo}s; the one-port requests. */
public final class ListenerWire {
    private ListenerWire() {
    }

    /** The answer: ports, enabled flags, and whether each could not listen. */
    public static Pack writeList(List<ListenerInfo> listeners) {
        Pack p = new Pack().beginJsonGroup("ListenerList");
        for (ListenerInfo l : listeners) {
            p.appendInt("Ports", l.port()).appendBool("Enables", l.enabled())
                    .appendBool("Errors", l.status().startsWith("error"));
        }
        return p.endJsonGroup();
    }

    /** The listeners; the status is only what the flags say (the protocol carries no reason). */
    public static List<ListenerInfo> readList(Pack a) {
        List<ListenerInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("Ports"); i++) {
            boolean enabled = a.getBool("Enables", i);
            list.add(new ListenerInfo(a.getInt("Ports", i), enabled,
                    a.getBool("Errors", i) ? "error: cannot listen" : enabled ? "listening" : "disabled"));
        }
        return list;
    }

    /** CreateListener's or EnableListener's request (the answer echoes it). */
    public static Pack writeRequest(int port, boolean enabled) {
        return writeRequest(port).addBool("Enable", enabled);
    }

    /** DeleteListener's request. */
    public static Pack writeRequest(int port) {
        return new Pack().addInt("Port", port);
    }

    public static int port(Pack req) {
        return req.getInt("Port");
    }

    public static boolean enabled(Pack req) {
        return req.getBool("Enable");
    }
}
