package org.ethervpn.admin.rpc;

import org.ethervpn.pack.Pack;

/**
 * Field blocks only the server writes (admin spec §5.1); the blocks both sides read and write are in
 * {@code org.ethervpn.admin.wire}.
 */
final class Fields {
    private Fields() {
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
