package org.ethervpn.admin.wire;

import org.ethervpn.pack.JsonHint;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackElement;

/**
 * A PACK's elements copied, {@code function_name} left out: SoftEther answers a Set with "the same
 * struct", and vpncmd turns a Get's answer into the next Set. JSON hints (bool, time) are kept, so
 * a JSON-RPC echo shows the same kinds of values as the request.
 */
public final class PackCopy {
    private PackCopy() {
    }

    /** A new PACK with the elements of {@code from}. */
    public static Pack copy(Pack from) {
        return copyInto(from, new Pack());
    }

    /** Every element of {@code from} (but {@code function_name}) replaces the one of that name in {@code to}. */
    public static Pack copyInto(Pack from, Pack to) {
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
                        boolean t = e.jsonHint() == JsonHint.TIME;
                        if (many) {
                            if (t) { to.appendTime64(n, e.int64Value(i)); } else { to.appendInt64(n, e.int64Value(i)); }
                        } else if (t) {
                            to.addTime64(n, e.int64Value(i));
                        } else {
                            to.addInt64(n, e.int64Value(i));
                        }
                    }
                    case DATA -> { if (many) { to.appendData(n, e.bytes(i)); } else { to.addData(n, e.bytes(i)); } }
                    case STR -> { if (many) { to.appendStr(n, e.stringValue(i)); } else { to.addStr(n, e.stringValue(i)); } }
                    case UNISTR -> { if (many) { to.appendUniStr(n, e.stringValue(i)); } else { to.addUniStr(n, e.stringValue(i)); } }
                }
            }
        }
        return to;
    }

    /** {@code name} set to one INT, replacing what was there. */
    public static Pack setInt(Pack p, String name, int v) {
        p.remove(name);
        return p.addInt(name, v);
    }

    public static Pack setBool(Pack p, String name, boolean v) {
        p.remove(name);
        return p.addBool(name, v);
    }

    public static Pack setStr(Pack p, String name, String v) {
        p.remove(name);
        return p.addStr(name, v);
    }

    /** A null text is written as "". */
    public static Pack setUniStr(Pack p, String name, String v) {
        p.remove(name);
        return p.addUniStr(name, v == null ? "" : v);
    }

    public static Pack setData(Pack p, String name, byte[] v) {
        p.remove(name);
        return p.addData(name, v);
    }
}
