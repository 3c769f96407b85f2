package org.ethervpn.server;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ethervpn.protocol.PasswordHash;
import org.osgi.service.log.Logger;

/** The running hubs by name, and their sessions by session key (for {@code additional_connect}). */
final class HubSet {
    private static final HexFormat HEX = HexFormat.of();

    private final Logger log;
    private final Map<String, HubRuntime> hubs = new ConcurrentHashMap<>();
    private final Map<String, ServerSession> sessionsByKey = new ConcurrentHashMap<>();

    HubSet(Logger log) {
        this.log = log;
    }

    /** The running hub of this name (any case), or null. */
    HubRuntime get(String name) {
        return hubs.get(HubRuntime.key(name));
    }

    /** Starts the hub unless it runs already. */
    void add(String name, boolean online) {
        hubs.putIfAbsent(HubRuntime.key(name), new HubRuntime(name, online, log));
    }

    HubRuntime remove(String name) {
        return hubs.remove(HubRuntime.key(name));
    }

    List<HubRuntime> all() {
        return List.copyOf(hubs.values());
    }

    void clear() {
        hubs.clear();
    }

    /** A new session of {@code hub}: listed there and findable by its key. */
    void register(HubRuntime hub, ServerSession s) {
        hub.add(s);
        sessionsByKey.put(s.keyHex(), s);
    }

    /** The session an {@code additional_connect} names, if it still exists. */
    ServerSession sessionByKey(byte[] key) {
        if (key == null || key.length != PasswordHash.RANDOM_LENGTH) {
            return null;
        }
        return sessionsByKey.get(HEX.formatHex(key));
    }

    /** A session of {@code hub} ended: it leaves both lists. */
    void ended(HubRuntime hub, ServerSession s, String reason) {
        sessionsByKey.remove(s.keyHex(), s);
        hub.remove(s);
        log.info("Session {} of user {} on hub {} ended: {}", s.name(), s.user(), hub.name(), reason);
    }

    void expireMacs() {
        for (HubRuntime h : hubs.values()) {
            h.hub().expireMacs();
        }
    }
}
