package org.ethervpn.server;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.ethervpn.hub.VirtualHub;
import org.osgi.service.log.Logger;

import io.netty.channel.EventLoop;

/** A hub while the server runs: its switch, its sessions, cascades and SecureNAT (its settings live in the config). */
final class HubRuntime {
    /** Hubs with up to this many sessions keep them on one event loop ({@link #placeSession}). */
    static final int DEFAULT_SHARED_LOOP_SESSIONS = 8;
    private final VirtualHub hub;
    private final Map<String, ServerSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private final Map<String, Cascade> cascades = new ConcurrentHashMap<>();
    private final SecureNatSlot secureNat;
    /** The event loop the first connections of a small hub's sessions share ({@link #placeSession}). */
    private EventLoop home; // under this
    /** The newest session's start; until then when this hub started running (SoftEther: its creation). */
    private volatile Instant lastLogin = Instant.now();

    HubRuntime(String name, boolean online, Logger log) {
        this.hub = new VirtualHub(name);
        hub.setOnline(online);
        this.secureNat = new SecureNatSlot(hub, log, () -> nextSessionName(SecureNatPort.USER));
    }

    SecureNatSlot secureNat() {
        return secureNat;
    }

    VirtualHub hub() {
        return hub;
    }

    String name() {
        return hub.name();
    }

    /** SoftEther's session names: {@code SID-<USER>-<per-hub counter>}. */
    String nextSessionName(String user) {
        return "SID-" + user.toUpperCase(Locale.ROOT) + "-" + sessionCounter.incrementAndGet();
    }

    void add(ServerSession s) {
        sessions.put(key(s.name()), s);
        if (s.created().isAfter(lastLogin)) {
            lastLogin = s.created();
        }
    }

    /**
     * The event loop a new session's first connection, accepted on {@code accepted}, should run on: while the hub has
     * at most {@code limit} sessions, the one its other sessions use, so a frame between two members is forwarded
     * within one thread instead of waking a second one (100-300 µs per hand-over on an idle tunnel, each way); bigger
     * hubs keep the loop each connection was accepted on, spread over all cores. Additional connections of a session
     * are never moved: they are there to encrypt on other cores.
     */
    synchronized EventLoop placeSession(EventLoop accepted, int limit) {
        if (limit <= 0 || sessions.size() > limit) {
            return accepted;
        }
        if (home == null || home.isShuttingDown()) {
            home = accepted;
        }
        return home;
    }

    Instant lastLogin() {
        return lastLogin;
    }

    void remove(ServerSession s) {
        sessions.remove(key(s.name()), s);
    }

    ServerSession session(String name) {
        return sessions.get(key(name));
    }

    List<ServerSession> sessions() {
        return List.copyOf(sessions.values());
    }

    int sessionCount() {
        return sessions.size();
    }

    /** (Re)starts cascade {@code name}: the old one goes first, so its hub port is gone before {@code make} joins. */
    synchronized void startCascade(String name, Supplier<Cascade> make) {
        stopCascade(name);
        cascades.put(key(name), make.get().start());
    }

    synchronized void stopCascade(String name) {
        Cascade old = cascades.remove(key(name));
        if (old != null) {
            old.stop();
        }
    }

    synchronized void stopCascades() {
        for (String name : List.copyOf(cascades.keySet())) {
            stopCascade(name);
        }
    }

    Cascade cascade(String name) {
        return cascades.get(key(name));
    }

    static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
