package org.ethervpn.admin.rpc;

import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * Field blocks only the server writes (admin spec §5.1); the blocks both sides read and write are in
 * {@code org.ethervpn.admin.wire}.
 */
final class Fields {
    private Fields() {
    }

    /**
     * {@code <NODE_INFO>} integers: SoftEther copies the client's network-order struct verbatim, so
     * admin tools receive them byte-swapped and swap them back (spec §5.1): 501 goes out as 0xF5010000.
     */
    static int nodeInt(int value) {
        return Integer.reverseBytes(value);
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
}
