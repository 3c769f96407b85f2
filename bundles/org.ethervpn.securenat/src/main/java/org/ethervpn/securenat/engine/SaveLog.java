package org.ethervpn.securenat.engine;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Mac;

/**
 * The hub's SecureNAT activity log (option {@code saveLog}): one info line per NAT session opened and
 * ended and per DHCP lease given. Addresses, ports, names, byte counts and durations only, never
 * payloads. At most {@link #PER_SECOND} lines a second per hub, so a client opening thousands of flows
 * cannot flood the log; what is held back is told in one summary line when the second is over. Loop only.
 */
public final class SaveLog {
    /** Lines a hub may write in one second before the rest are only counted. */
    public static final int PER_SECOND = 20;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final NatLog log;
    private final String hub;
    private final boolean on;
    private boolean started;
    private long windowStart;
    private int lines;
    private long held;

    public SaveLog(NatLog log, String hub, boolean on) {
        this.log = log;
        this.hub = hub;
        this.on = on;
    }

    /** Whether lines are written at all: callers skip building them otherwise. */
    public boolean on() {
        return on;
    }

    public void flowOpened(long now, NatProtocol protocol, int id, int client, int clientPort, int dst, int dstPort) {
        if (!on) {
            return;
        }
        line(now, String.format(Locale.ROOT, "%s session %d opened: %s -> %s", protocol, id,
                endpoint(client, clientPort), endpoint(dst, dstPort)));
    }

    /**
     * @param outcome a few words on how it ended ("closed", "connection failed", "idle")
     * @param sent    bytes from the client toward the destination
     * @param received bytes from the destination toward the client
     */
    public void flowEnded(long now, NatProtocol protocol, int id, int client, int clientPort, int dst, int dstPort,
            String outcome, long sent, long received, long durationNanos) {
        if (!on) {
            return;
        }
        line(now, String.format(Locale.ROOT, "%s session %d %s: %s -> %s, %d bytes sent, %d received, %.1f s",
                protocol, id, outcome, endpoint(client, clientPort), endpoint(dst, dstPort), sent, received,
                durationNanos / 1e9));
    }

    public void leaseGiven(long now, long mac, int ip, String hostName, int leaseSeconds) {
        if (!on) {
            return;
        }
        line(now, String.format(Locale.ROOT, "DHCP lease: %s to %s%s for %d s", Ip4.format(ip), Mac.format(mac),
                hostName == null || hostName.isEmpty() ? "" : " (host name \"" + hostName + "\")", leaseSeconds));
    }

    /** Writes one line, or counts it when this second's share is used up. */
    public void line(long now, String text) {
        if (!on) {
            return;
        }
        roll(now);
        if (lines < PER_SECOND) {
            lines++;
            log.info(prefix() + text);
        } else {
            held++;
        }
    }

    /** Each engine tick: tells what was held back once its second is over. */
    public void tick(long now) {
        if (on) {
            roll(now);
        }
    }

    private void roll(long now) {
        if (started && now - windowStart < SECOND) {
            return;
        }
        if (held > 0) {
            log.info(prefix() + held + " more NAT/DHCP log lines left out (over " + PER_SECOND + " a second)");
        }
        started = true;
        windowStart = now;
        lines = 0;
        held = 0;
    }

    private String prefix() {
        return "SecureNAT hub " + hub + ": ";
    }

    private static String endpoint(int ip, int port) {
        return Ip4.format(ip) + ":" + port;
    }
}
