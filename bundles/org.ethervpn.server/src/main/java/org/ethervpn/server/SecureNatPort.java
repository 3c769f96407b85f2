package org.ethervpn.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.SessionKind;
import org.ethervpn.api.securenat.SecureNat;
import org.ethervpn.api.securenat.SecureNatContext;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.PortConfig;
import org.ethervpn.hub.PortCounters;
import org.ethervpn.hub.VirtualHub;

import io.netty.buffer.ByteBuf;

/**
 * SecureNAT running on a hub: a hub port (kind SECURE_NAT) plugged into a {@link SecureNat} from the
 * plugin. What the hub switches to the port is drained on SecureNAT's own executor (one task per
 * wake-up, a batch at a time, super-frames cut into plain frames); what SecureNAT sends enters the
 * hub through the port like a station's frames.
 */
final class SecureNatPort implements SecureNatContext {
    /** The user name SoftEther shows for it. */
    static final String USER = "SecureNAT";
    private static final int BATCH = 128;

    private final VirtualHub hub;
    /** Its session name (SoftEther's SID-SECURENAT-n), also the port's in the MAC table. */
    private final String name;
    private final SecureNatOptions options;
    private final SecureNatFactory factory;
    private final HubPort port;
    private final SecureNat nat;
    private final PortDrain drain = new PortDrain(); // SecureNAT's executor only
    private final ArrayList<ByteBuf> out = new ArrayList<>(BATCH); // SecureNAT's executor only
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Instant created = Instant.now();
    private volatile boolean closed;
    private volatile boolean started;

    /**
     * Joins the hub, then starts SecureNAT on it.
     *
     * @throws IllegalArgumentException the plugin refused the options (the port has left again)
     * @throws org.ethervpn.hub.HubJoinException the hub is offline or full
     */
    SecureNatPort(VirtualHub hub, String name, SecureNatOptions options, SecureNatFactory factory) {
        this.hub = hub;
        this.name = name;
        this.options = options;
        this.factory = factory;
        this.port = hub.join(PortConfig.secureNat(name), this::wakeup);
        try {
            this.nat = factory.start(this);
        } catch (RuntimeException e) {
            closed = true;
            port.leave();
            throw e;
        }
        started = true;
        wakeup(); // frames that arrived while it started
    }

    SecureNatFactory factory() {
        return factory;
    }

    /**
     * Its entry in SessionList/SessionGet, as SoftEther lists its SecureNAT session: user "SecureNAT",
     * no client, no address, no TCP connections, bridge/router mode and QoS on (SoftEther's default
     * policy); traffic as the hub port counts it.
     */
    SessionInfo session() {
        PortCounters c = port.counters();
        return new SessionInfo(hub.name(), name, USER, "", "", created, 0, false, false, false, true, true,
                List.of(), c.framesIn(), c.bytesIn(), c.framesOut(), c.bytesOut(), c.framesDropped(), null,
                SessionKind.SECURE_NAT);
    }

    boolean isOpen() {
        return !closed && port.isOpen();
    }

    /** The port leaves first (nothing more reaches SecureNAT), then SecureNAT stops; idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        port.leave();
        nat.close();
    }

    List<NatEntry> natSessions() {
        return nat.natSessions();
    }

    List<DhcpLease> dhcpLeases() {
        return nat.dhcpLeases();
    }

    SecureNatStatus status() {
        return nat.status().withState(hub.name(), "running");
    }

    // ---------------------------------------------------------------- SecureNatContext

    @Override
    public String hub() {
        return hub.name();
    }

    @Override
    public SecureNatOptions options() {
        return options;
    }

    @Override
    public void toHub(ByteBuf frame) {
        if (closed) {
            frame.release();
            return;
        }
        hub.forward(port, frame);
    }

    // ---------------------------------------------------------------- frames to SecureNAT

    /** The hub's hook: must not block, so the drain runs on SecureNAT's executor. */
    private void wakeup() {
        if (!started || closed || !drainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            nat.executor().execute(this::drain);
        } catch (RejectedExecutionException e) {
            drainScheduled.set(false); // stopping: leave() releases what is queued
        }
    }

    private void drain() {
        drainScheduled.set(false);
        int n;
        do {
            n = drain.drainTo(port, out, BATCH, false);
            int i = 0;
            try {
                for (; i < out.size(); i++) {
                    ByteBuf f = out.get(i);
                    if (closed) {
                        f.release();
                    } else {
                        nat.receive(f);
                    }
                }
            } finally {
                for (i++; i < out.size(); i++) {
                    out.get(i).release(); // only after receive threw
                }
                out.clear();
            }
        } while (n >= BATCH);
    }
}
