package org.ethervpn.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.netty.buffer.ByteBuf;

/**
 * A Virtual Hub: a named MAC-learning Ethernet switch. Ports {@linkplain #join join} and
 * {@linkplain HubPort#leave leave} at any time; {@link #forward} switches frames between them.
 *
 * <p>Switching: the source MAC is learned on the sending port; a frame to a learned unicast MAC
 * goes to that port only; broadcast, multicast and unknown or aged unicast frames are flooded to
 * every port except the sender. A frame is never sent back to its own port (a frame whose
 * destination was learned on the sender is filtered, as on a hardware switch).
 *
 * <p>Threads: {@code forward} is called from many event loops at once and takes no lock shared by
 * the hub: ports are a copy-on-write array, the MAC table is read without locks and changed under
 * striped locks only when a MAC is new or moves. {@code join} and {@code leave} serialize on a
 * membership lock that the frame path never takes.
 *
 * <p>Offline: forward drops every frame (counted as rejected on the source port) and join is
 * refused; ports already joined stay, keep their queues and may leave. Whether to disconnect them
 * is the server's decision. A new hub is online.
 */
public final class VirtualHub {
    private static final HubPort[] NO_PORTS = new HubPort[0];
    /** Ethernet header: destination MAC, source MAC, EtherType. */
    static final int MIN_FRAME = 14;

    private final String name;
    private final HubSettings settings;
    private final LongSupplier clock;
    private final MacTable macs;
    private final Object membership = new Object();
    private volatile HubPort[] ports = NO_PORTS;
    private volatile boolean online = true;
    private long nextPortId = 1;

    /** A hub with {@linkplain HubSettings#defaults() default settings}. */
    public VirtualHub(String name) {
        this(name, HubSettings.defaults());
    }

    public VirtualHub(String name, HubSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = settings.nanoClock();
        this.macs = new MacTable(settings.macTableCapacity(), settings.macAgeing().toNanos(), clock.getAsLong());
    }

    public String name() {
        return name;
    }

    public HubSettings settings() {
        return settings;
    }

    public boolean isOnline() {
        return online;
    }

    /** Takes the hub online or offline; see the class comment for what offline means. */
    public void setOnline(boolean online) {
        this.online = online;
    }

    /** Joins a port without a wakeup hook: its owner drains when it chooses to. */
    public HubPort join(PortConfig config) {
        return join(config, null);
    }

    /**
     * Adds a port.
     *
     * @param wakeup run when frames arrive for a port whose owner has drained since the last wakeup;
     *               runs on the forwarding thread, so it must be quick and must not block; may be null
     * @throws HubJoinException when the hub is offline or has its maximum number of sessions
     */
    public HubPort join(PortConfig config, Runnable wakeup) {
        Objects.requireNonNull(config, "config");
        synchronized (membership) {
            if (!online) {
                throw new HubJoinException(HubJoinException.Reason.OFFLINE, "virtual hub " + name + " is offline");
            }
            HubPort[] current = ports;
            int max = settings.maxSessions();
            if (max > 0 && current.length >= max) {
                throw new HubJoinException(HubJoinException.Reason.FULL,
                        "virtual hub " + name + " has its maximum of " + max + " sessions");
            }
            HubPort port = new HubPort(this, nextPortId++, config, wakeup);
            HubPort[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = port;
            ports = next;
            return port;
        }
    }

    void leave(HubPort port) {
        synchronized (membership) {
            if (!port.markClosed()) {
                return;
            }
            HubPort[] current = ports;
            HubPort[] next = new HubPort[current.length - 1];
            int i = 0;
            for (HubPort p : current) {
                if (p != port) {
                    next[i++] = p;
                }
            }
            ports = next;
        }
        // Closed first, so lookups already ignore its MACs and enqueue refuses new frames.
        macs.removePort(port);
        port.discardQueued();
    }

    /**
     * Switches one Ethernet frame (its readable bytes, destination MAC first) that arrived on
     * {@code source}. Consumes the caller's reference in every case; frames shorter than 14 bytes
     * or with a group source MAC are dropped. Never blocks.
     *
     * @throws IllegalArgumentException if {@code source} belongs to another hub (the frame is released)
     */
    public void forward(HubPort source, ByteBuf frame) {
        Objects.requireNonNull(frame, "frame");
        boolean passedOn = false;
        try {
            passedOn = route(source, frame, clock.getAsLong());
        } finally {
            if (!passedOn) {
                frame.release();
            }
        }
    }

    /** Switches each frame of {@code frames} as {@link #forward(HubPort, ByteBuf)} does; consumes all. */
    public void forward(HubPort source, List<ByteBuf> frames) {
        long now = clock.getAsLong();
        int i = 0;
        try {
            for (; i < frames.size(); i++) {
                ByteBuf frame = frames.get(i);
                boolean passedOn = false;
                try {
                    passedOn = route(source, frame, now);
                } finally {
                    if (!passedOn) {
                        frame.release();
                    }
                }
            }
        } finally {
            for (i++; i < frames.size(); i++) {
                frames.get(i).release();
            }
        }
    }

    /** Returns true when the frame's reference was handed to a port. */
    private boolean route(HubPort src, ByteBuf frame, long now) {
        if (src.hub() != this) {
            throw new IllegalArgumentException(src + " is not a port of virtual hub " + name);
        }
        int len = frame.readableBytes();
        if (!online || !src.isOpen() || len < MIN_FRAME) {
            src.recordRejected();
            return false;
        }
        int at = frame.readerIndex();
        long dst = Macs.read(frame, at);
        long from = Macs.read(frame, at + 6);
        if (Macs.isGroup(from) || !macs.learn(src, from, now)) {
            src.recordRejected();
            return false;
        }
        src.recordIn(len);
        if (!Macs.isGroup(dst)) {
            HubPort target = macs.lookup(dst, now);
            if (target != null) {
                if (target == src) {
                    return false;
                }
                target.enqueue(frame);
                return true;
            }
        }
        return flood(src, frame);
    }

    private boolean flood(HubPort src, ByteBuf frame) {
        HubPort pending = null;
        for (HubPort port : ports) {
            if (port == src) {
                continue;
            }
            if (pending != null) {
                // Own indices per port over shared content; pooled duplicates come from a recycler.
                pending.enqueue(frame.retainedDuplicate());
            }
            pending = port;
        }
        if (pending == null) {
            return false;
        }
        // The last port takes the caller's reference itself: one duplicate fewer per flood.
        pending.enqueue(frame);
        return true;
    }

    /**
     * Removes MAC entries not seen within the ageing time; call it now and then (e.g. every few
     * seconds). Aged entries are ignored by switching even before they are removed.
     *
     * @return the number of entries removed
     */
    public int expireMacs() {
        return macs.expire(clock.getAsLong());
    }

    /** Entries in the MAC table, aged ones not yet removed included. */
    public int macCount() {
        return macs.size();
    }

    /** Source MACs not learned because the MAC table was full (their frames were still switched). */
    public long unlearnedMacs() {
        return macs.unlearned();
    }

    /** A snapshot of the MAC table for the "MAC table list" admin command, without aged entries. */
    public List<MacTableEntry> macTable() {
        long now = clock.getAsLong();
        Instant wallNow = settings.wallClock().instant();
        long ageing = settings.macAgeing().toNanos();
        List<MacTableEntry> out = new ArrayList<>();
        for (MacTable.Entry e : macs.entries()) {
            HubPort port = e.port;
            long seen = e.lastSeenNanos;
            if (port.isOpen() && now - seen <= ageing) {
                out.add(new MacTableEntry(Macs.format(e.mac), port.id(), port.name(),
                        wallNow.minusNanos(now - e.createdNanos), wallNow.minusNanos(now - seen)));
            }
        }
        return out;
    }

    /** A snapshot of the ports, in joining order. */
    public List<PortStatus> ports() {
        HubPort[] current = ports;
        List<PortStatus> out = new ArrayList<>(current.length);
        for (HubPort port : current) {
            out.add(port.status());
        }
        return out;
    }

    public int portCount() {
        return ports.length;
    }

    @Override
    public String toString() {
        return "VirtualHub(" + name + ", " + ports.length + " ports, " + macs.size() + " MACs)";
    }
}
