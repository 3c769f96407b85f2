package org.ethervpn.securenat.engine;

import io.netty.buffer.ByteBuf;

/** Takes IPv4 packets the engine routed to it. Called on the engine's loop only. */
@FunctionalInterface
public interface PacketHandler {
    /**
     * @param frame the whole Ethernet frame, still owned by the engine (retain or copy what you keep)
     * @param ip    index of the IPv4 header, already checked: version, lengths, header checksum, and not a fragment
     * @param srcMac the sending station
     */
    void packet(ByteBuf frame, int ip, long srcMac);
}
