package org.ethervpn.securenat.engine;

import java.util.List;

import org.ethervpn.api.admin.NatEntry;

/** A part of SecureNAT with state over time (DHCP, a NAT protocol). Called on the engine's loop only. */
public interface Service {
    /** Every {@link Engine#TICK_MILLIS}: timeouts, retransmissions. */
    default void tick(long nowNanos) {
    }

    /** Adds its NAT sessions (EnumNAT), ids from {@link Host#nextSessionId()}. */
    default void sessions(List<NatEntry> out) {
    }

    /** SecureNAT stops: close sockets, release buffers. */
    default void close() {
    }
}
