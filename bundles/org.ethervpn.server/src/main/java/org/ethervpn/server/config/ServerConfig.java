package org.ethervpn.server.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the server keeps across restarts. Immutable: changes make a copy, which the server then
 * saves with {@link ConfigStore#save}.
 *
 * @param version   the file format version, {@link #VERSION}
 * @param listeners TCP ports in order, no port twice
 * @param cipher    the TLS setting
 * @param hubs      Virtual Hubs in order, no two with the same name ignoring case
 */
public record ServerConfig(int version, List<ListenerConfig> listeners, CipherConfig cipher, List<HubConfig> hubs) {
    /** The format this code reads and writes. */
    public static final int VERSION = 1;
    /** SoftEther's default listeners: HTTPS, its own 992, OpenVPN's 1194 and 5555. */
    public static final List<Integer> DEFAULT_PORTS = List.of(443, 992, 1194, 5555);
    /** The hub a new SoftEther server starts with. */
    public static final String DEFAULT_HUB = "DEFAULT";

    public ServerConfig {
        if (version != VERSION) {
            throw new IllegalArgumentException("format version must be " + VERSION + ", is " + version);
        }
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(cipher, "cipher");
        hubs = List.copyOf(hubs);
        Set<Integer> ports = new HashSet<>();
        for (ListenerConfig l : listeners) {
            if (!ports.add(l.port())) {
                throw new IllegalArgumentException("port " + l.port() + " is listed twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (HubConfig h : hubs) {
            if (!names.add(Names.key(h.name()))) {
                throw new IllegalArgumentException("two hubs are named \"" + h.name() + "\" (hub names are case-insensitive)");
            }
        }
    }

    /** What a first start uses: listeners 443, 992, 1194, 5555, the "modern" cipher plugin, hub DEFAULT. */
    public static ServerConfig defaults() {
        return new ServerConfig(VERSION, DEFAULT_PORTS.stream().map(p -> new ListenerConfig(p, true)).toList(),
                CipherConfig.defaults(), List.of(HubConfig.create(DEFAULT_HUB)));
    }

    /** The hub with this name, ignoring case. */
    public Optional<HubConfig> hub(String name) {
        return hubs.stream().filter(h -> Names.same(h.name(), name)).findFirst();
    }

    /** Adds the hub, or replaces the one with the same name (ignoring case) in its place. */
    public ServerConfig withHub(HubConfig hub) {
        List<HubConfig> list = new ArrayList<>(hubs);
        int i = hubIndex(hub.name());
        if (i < 0) {
            list.add(hub);
        } else {
            list.set(i, hub);
        }
        return new ServerConfig(version, listeners, cipher, list);
    }

    /** Without the hub of this name (ignoring case); unchanged if there is none. */
    public ServerConfig withoutHub(String name) {
        int i = hubIndex(name);
        if (i < 0) {
            return this;
        }
        List<HubConfig> list = new ArrayList<>(hubs);
        list.remove(i);
        return new ServerConfig(version, listeners, cipher, list);
    }

    public Optional<ListenerConfig> listener(int port) {
        return listeners.stream().filter(l -> l.port() == port).findFirst();
    }

    /** Adds the listener, or replaces the one with the same port in its place. */
    public ServerConfig withListener(ListenerConfig listener) {
        List<ListenerConfig> list = new ArrayList<>(listeners);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).port() == listener.port()) {
                list.set(i, listener);
                return new ServerConfig(version, list, cipher, hubs);
            }
        }
        list.add(listener);
        return new ServerConfig(version, list, cipher, hubs);
    }

    /** Without the listener on this port; unchanged if there is none. */
    public ServerConfig withoutListener(int port) {
        List<ListenerConfig> list = listeners.stream().filter(l -> l.port() != port).toList();
        return list.size() == listeners.size() ? this : new ServerConfig(version, list, cipher, hubs);
    }

    public ServerConfig withCipher(CipherConfig c) {
        return new ServerConfig(version, listeners, c, hubs);
    }

    private int hubIndex(String name) {
        for (int i = 0; i < hubs.size(); i++) {
            if (Names.same(hubs.get(i).name(), name)) {
                return i;
            }
        }
        return -1;
    }
}
