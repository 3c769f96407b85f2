package org.ethervpn.server;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.hub.HubPort;
import org.ethervpn.protocol.SuperFrames;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Drains a hub port for its peer: super-frames go out whole to a peer that agreed on them, and are cut into plain
 * frames for every other one (SoftEther clients, bridges, cascades to SoftEther, local bridges), so those never see
 * one. One per port owner; used by one drain at a time, as {@link HubPort#drainTo} is.
 */
final class PortDrain {
    private final ArrayList<ByteBuf> scratch = new ArrayList<>();

    /**
     * Takes up to {@code max} frames from {@code port} into {@code out}; with {@code superFrames} false each super-frame
     * among them becomes its segments (one that cannot be cut is dropped).
     *
     * @return the number of frames added to {@code out} (may exceed {@code max} after cutting)
     */
    int drainTo(HubPort port, List<? super ByteBuf> out, int max, boolean superFrames) {
        if (superFrames) {
            return port.drainTo(out, max);
        }
        int n = port.drainTo(scratch, max);
        int added = 0;
        try {
            for (int i = 0; i < n; i++) {
                ByteBuf f = scratch.get(i);
                scratch.set(i, null);
                if (SuperFrames.isSuperFrame(f)) {
                    added += SuperFrames.segment(f, ByteBufAllocator.DEFAULT, out);
                } else {
                    out.add(f);
                    added++;
                }
            }
        } finally {
            for (ByteBuf f : scratch) {
                if (f != null) {
                    f.release(); // only after a failure above
                }
            }
            scratch.clear();
        }
        return added;
    }
}
