package org.ethervpn.admin.rpc;

import java.net.InetAddress;
import java.time.Instant;

import org.ethervpn.pack.JsonHint;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackElement;
import org.ethervpn.pack.SoftEtherTime;
import org.ethervpn.protocol.SoftEtherPolicy;

/** Field blocks several methods share (admin spec §5.1). */
final class Fields {
    private Fields() {
    }

    static long time(Instant t) {
        return t == null ? 0 : SoftEtherTime.fromInstant(t);
    }

    static final String[] TRAFFIC_NAMES = {"Recv.BroadcastBytes", "Recv.BroadcastCount", "Recv.UnicastBytes",
        "Recv.UnicastCount", "Send.BroadcastBytes", "Send.BroadcastCount", "Send.UnicastBytes", "Send.UnicastCount"};

    /**
     * {@code <TRAFFIC>}: we count frames and bytes per direction, not unicast and broadcast
     * apart, so everything is reported as unicast.
     */
    static Pack traffic(Pack p, String prefix, long framesIn, long bytesIn, long framesOut, long bytesOut, boolean array) {
        String[] names = TRAFFIC_NAMES;
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

    /** 0.0.0.0: what SoftEther writes for an address it does not know. */
    static final InetAddress NO_ADDRESS = InetAddress.ofLiteral("0.0.0.0");

    /**
     * {@code <NODE_INFO>} integers: SoftEther copies the client's network-order struct verbatim, so
     * admin tools receive them byte-swapped and swap them back (spec §5.1): 501 goes out as 0xF5010000.
     */
    static int nodeInt(int value) {
        return Integer.reverseBytes(value);
    }

    /**
     * The address of "host:port" / "[v6]:port" as our admin API writes remote ends; 0.0.0.0 if it is
     * not an address literal (never resolved: no DNS lookups on the admin thread).
     */
    static InetAddress address(String hostPort) {
        if (hostPort == null) {
            return NO_ADDRESS;
        }
        String host = hostPort;
        int colon = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            host = end > 0 ? hostPort.substring(1, end) : hostPort;
        } else if (colon > 0 && hostPort.indexOf(':') == colon) {
            host = hostPort.substring(0, colon);
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return NO_ADDRESS;
        }
    }

    /** The port of "host:port" / "[v6]:port", 0 if there is none. */
    static int port(String hostPort) {
        if (hostPort == null) {
            return 0;
        }
        int colon = hostPort.lastIndexOf(':');
        boolean v6bare = !hostPort.startsWith("[") && hostPort.indexOf(':') != colon;
        if (colon < 0 || v6bare) {
            return 0;
        }
        try {
            return Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code <POLICY>}: SoftEther's default policy, the one every session of this server gets. */
    static Pack policy(Pack p, boolean bridgeMode) {
        for (SoftEtherPolicy.Item i : SoftEtherPolicy.items()) {
            long v = SoftEtherPolicy.defaults(bridgeMode).get(i.name());
            if (i.kind() == SoftEtherPolicy.Kind.BOOL) {
                p.addBool("policy:" + i.name(), v != 0);
            } else {
                p.addInt("policy:" + i.name(), (int) v);
            }
        }
        return p.addBool("policy:Ver3", true);
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
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
