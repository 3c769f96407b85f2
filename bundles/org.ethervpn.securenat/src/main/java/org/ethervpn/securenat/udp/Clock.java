package org.ethervpn.securenat.udp;

import java.time.Instant;

import org.ethervpn.securenat.engine.Host;

/** EnumNAT shows wall-clock times; flows keep the engine's nanoTime. */
public final class Clock {
    private Clock() {
    }

    public static Instant wall(Host host, long nanos) {
        return Instant.now().minusNanos(Math.max(0, host.nanoTime() - nanos));
    }
}
