package org.ethervpn.admin.client;

import java.time.Instant;

import org.ethervpn.pack.JsonHint;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackElement;
import org.ethervpn.pack.SoftEtherTime;

/** PACK helpers of the client: copying an answer into the next request (vpncmd's Get → modify → Set), times, traffic. */
final class Packs {
    private Packs() {
    }

    /** Copies every element of {@code from} (but {@code function_name}) into {@code to}, values and JSON hints alike. */
    static Pack copyInto(Pack from, Pack to) {
        for (PackElement e : from.elements()) {
            String n = e.name();
            if (n.equalsIgnoreCase("function_name")) {
                continue;
            }
            to.remove(n);
            boolean many = e.valueCount() > 1;
            for (int i = 0; i < e.valueCount(); i++) {
                switch (e.type()) {
                    case INT -> {
                        boolean bool = e.jsonHint() == JsonHint.BOOL;
                        if (many) {
                            if (bool) { to.appendBool(n, e.intValue(i) != 0); } else { to.appendInt(n, e.intValue(i)); }
                        } else if (bool) {
                            to.addBool(n, e.intValue(i) != 0);
                        } else {
                            to.addInt(n, e.intValue(i));
                        }
                    }
                    case INT64 -> {
                        if (many) { to.appendInt64(n, e.int64Value(i)); } else { to.addInt64(n, e.int64Value(i)); }
                    }
                    case DATA -> { if (many) { to.appendData(n, e.bytes(i)); } else { to.addData(n, e.bytes(i)); } }
                    case STR -> { if (many) { to.appendStr(n, e.stringValue(i)); } else { to.addStr(n, e.stringValue(i)); } }
                    case UNISTR -> { if (many) { to.appendUniStr(n, e.stringValue(i)); } else { to.addUniStr(n, e.stringValue(i)); } }
                }
            }
        }
        return to;
    }

    static Pack copy(Pack from) {
        return copyInto(from, new Pack());
    }

    static Pack setInt(Pack p, String name, int v) {
        p.remove(name);
        return p.addInt(name, v);
    }

    static Pack setBool(Pack p, String name, boolean v) {
        p.remove(name);
        return p.addBool(name, v);
    }

    static Pack setStr(Pack p, String name, String v) {
        p.remove(name);
        return p.addStr(name, v);
    }

    static Pack setUniStr(Pack p, String name, String v) {
        p.remove(name);
        return p.addUniStr(name, v == null ? "" : v);
    }

    static Pack setData(Pack p, String name, byte[] v) {
        p.remove(name);
        return p.addData(name, v);
    }

    /** A SoftEther time, null for 0 (never). */
    static Instant time(long wire) {
        return wire == 0 ? null : SoftEtherTime.toInstant(wire).orElse(null);
    }

    /** {@code <TRAFFIC>} (or {@code <TRAFFIC_EX>} value {@code i}): unicast and broadcast added, per direction. */
    static long[] traffic(Pack p, String prefix, int i) {
        return new long[] {
            p.getInt64(prefix + "Recv.UnicastCount", i) + p.getInt64(prefix + "Recv.BroadcastCount", i),
            p.getInt64(prefix + "Recv.UnicastBytes", i) + p.getInt64(prefix + "Recv.BroadcastBytes", i),
            p.getInt64(prefix + "Send.UnicastCount", i) + p.getInt64(prefix + "Send.BroadcastCount", i),
            p.getInt64(prefix + "Send.UnicastBytes", i) + p.getInt64(prefix + "Send.BroadcastBytes", i)};
    }
}
