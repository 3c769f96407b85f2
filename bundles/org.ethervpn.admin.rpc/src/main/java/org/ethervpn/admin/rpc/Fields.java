package org.ethervpn.admin.rpc;

import java.time.Instant;

import org.ethervpn.pack.JsonHint;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackElement;
import org.ethervpn.pack.SoftEtherTime;

/** Field blocks several methods share (admin spec §5.1). */
final class Fields {
    private Fields() {
    }

    static long time(Instant t) {
        return t == null ? 0 : SoftEtherTime.fromInstant(t);
    }

    /**
     * {@code <TRAFFIC>}: we count frames and bytes per direction, not unicast and broadcast
     * apart, so everything is reported as unicast.
     */
    static Pack traffic(Pack p, String prefix, long framesIn, long bytesIn, long framesOut, long bytesOut, boolean array) {
        String[] names = {"Recv.BroadcastBytes", "Recv.BroadcastCount", "Recv.UnicastBytes", "Recv.UnicastCount",
            "Send.BroadcastBytes", "Send.BroadcastCount", "Send.UnicastBytes", "Send.UnicastCount"};
        long[] values = {0, 0, bytesIn, framesIn, 0, 0, bytesOut, framesOut};
        for (int i = 0; i < names.length; i++) {
            if (array) {
                p.appendInt64(prefix + names[i], values[i]);
            } else {
                p.addInt64(prefix + names[i], values[i]);
            }
        }
        return p;
    }

    /** A request's copy, to answer with "the same struct" as SoftEther does. */
    static Pack echo(Pack request) {
        Pack p = new Pack();
        for (PackElement e : request.elements()) {
            if (e.name().equalsIgnoreCase("function_name")) {
                continue;
            }
            boolean many = e.valueCount() > 1;
            for (int i = 0; i < e.valueCount(); i++) {
                String n = e.name();
                switch (e.type()) {
                    case INT -> {
                        boolean bool = e.jsonHint() == JsonHint.BOOL; // keeps "_bool" in a JSON echo
                        if (many) {
                            if (bool) { p.appendBool(n, e.intValue(i) != 0); } else { p.appendInt(n, e.intValue(i)); }
                        } else if (bool) {
                            p.addBool(n, e.intValue(i) != 0);
                        } else {
                            p.addInt(n, e.intValue(i));
                        }
                    }
                    case INT64 -> {
                        boolean t = e.jsonHint() == JsonHint.TIME;
                        if (many) {
                            if (t) { p.appendTime64(n, e.int64Value(i)); } else { p.appendInt64(n, e.int64Value(i)); }
                        } else if (t) {
                            p.addTime64(n, e.int64Value(i));
                        } else {
                            p.addInt64(n, e.int64Value(i));
                        }
                    }
                    case DATA -> { if (many) { p.appendData(n, e.bytes(i)); } else { p.addData(n, e.bytes(i)); } }
                    case STR -> { if (many) { p.appendStr(n, e.stringValue(i)); } else { p.addStr(n, e.stringValue(i)); } }
                    case UNISTR -> { if (many) { p.appendUniStr(n, e.stringValue(i)); } else { p.addUniStr(n, e.stringValue(i)); } }
                }
            }
        }
        return p;
    }
}
