package org.ethervpn.server.config;

import java.util.ArrayList;
import java.util.Base64;
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
 * @param bridges   local bridges in order, no hub and device twice
 * @param adminPasswordHash the server administrator's password as SoftEther keeps it: base64 of
 *                  SHA-0(password), 20 bytes; SHA-0 of the empty string means "no password yet"
 */
public record ServerConfig(int version, List<ListenerConfig> listeners, CipherConfig cipher, List<HubConfig> hubs,
        List<BridgeConfig> bridges, String adminPasswordHash) {
    /** The format this code reads and writes. */
    public static final int VERSION = 1;
    /** SoftEther's default listeners: HTTPS, its own 992, OpenVPN's 1194 and 5555. */
    public static final List<Integer> DEFAULT_PORTS = List.of(443, 992, 1194, 5555);
    /** The hub a new SoftEther server starts with. */
    public static final String DEFAULT_HUB = "DEFAULT";
    /** The only hub of a VPN Bridge. */
    public static final String BRIDGE_HUB = "BRIDGE";
    /** SHA-0 of the empty password, base64: a new server's administrator password (as SoftEther's). */
    public static final String EMPTY_ADMIN_PASSWORD = "+WzqGYrR3VYXrAhKPZLGEHcIwO8=";

    public ServerConfig {
        if (version != VERSION) {
            throw new IllegalArgumentException("format version must be " + VERSION + ", is " + version);
        }
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(cipher, "cipher");
        hubs = List.copyOf(hubs);
        bridges = List.copyOf(bridges);
        adminPasswordHash = adminPasswordHash == null || adminPasswordHash.isEmpty() ? EMPTY_ADMIN_PASSWORD : adminPasswordHash;
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(adminPasswordHash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the admin password hash is not base64");
        }
        if (hash.length != UserConfig.HASH_LENGTH) {
            throw new IllegalArgumentException("the admin password hash has " + UserConfig.HASH_LENGTH + " bytes");
        }
        for (int i = 0; i < bridges.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (bridges.get(j).is(bridges.get(i).hub(), bridges.get(i).device())) {
                    throw new IllegalArgumentException("the bridge of hub " + bridges.get(i).hub() + " to "
                            + bridges.get(i).device() + " is listed twice");
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (ListenerConfig l : listeners) {
            if (!ports.add(l.port())) {
                throw new IllegalArgumentException("port " + l.port() + " is listed twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (HubConfig h : hubs) {
            if (!names.add(NameRules.key(h.name()))) {
                throw new IllegalArgumentException("two hubs are named \"" + h.name() + "\" (hub names are case-insensitive)");
            }
        }
    }

    /** What a first start uses: listeners 443, 992, 1194, 5555, the "modern" cipher plugin, hub DEFAULT. */
    public static ServerConfig defaults() {
        return defaults(DEFAULT_HUB);
    }

    /** What a VPN Bridge's first start uses: the same, with hub BRIDGE. */
    public static ServerConfig bridgeDefaults() {
        return defaults(BRIDGE_HUB);
    }

    private static ServerConfig defaults(String hub) {
        return new ServerConfig(VERSION, DEFAULT_PORTS.stream().map(p -> new ListenerConfig(p, true)).toList(),
                CipherConfig.defaults(), List.of(HubConfig.create(hub)), List.of(), EMPTY_ADMIN_PASSWORD);
    }

    /** The hub with this name, ignoring case. */
    public Optional<HubConfig> hub(String name) {
        return hubs.stream().filter(h -> NameRules.same(h.name(), name)).findFirst();
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
        return new ServerConfig(version, listeners, cipher, list, bridges, adminPasswordHash);
    }

    /** Without the hub of this name (ignoring case); unchanged if there is none. */
    public ServerConfig withoutHub(String name) {
        int i = hubIndex(name);
        if (i < 0) {
            return this;
        }
        List<HubConfig> list = new ArrayList<>(hubs);
        list.remove(i);
        return new ServerConfig(version, listeners, cipher, list, bridges, adminPasswordHash);
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
                return new ServerConfig(version, list, cipher, hubs, bridges, adminPasswordHash);
            }
        }
        list.add(listener);
        return new ServerConfig(version, list, cipher, hubs, bridges, adminPasswordHash);
    }

    /** Without the listener on this port; unchanged if there is none. */
    public ServerConfig withoutListener(int port) {
        List<ListenerConfig> list = listeners.stream().filter(l -> l.port() != port).toList();
        return list.size() == listeners.size() ? this : new ServerConfig(version, list, cipher, hubs, bridges, adminPasswordHash);
    }

    /** The administrator password hash, SHA-0(password), 20 bytes. */
    public byte[] adminPassword() {
        return Base64.getDecoder().decode(adminPasswordHash);
    }

    public ServerConfig withAdminPassword(byte[] sha0) {
        return new ServerConfig(version, listeners, cipher, hubs, bridges, Base64.getEncoder().encodeToString(sha0));
    }

    @Override
    public String toString() {
        return "ServerConfig[" + listeners.size() + " listeners, " + hubs.size() + " hubs, " + bridges.size() + " bridges]";
    }

    public ServerConfig withCipher(CipherConfig c) {
        return new ServerConfig(version, listeners, c, hubs, bridges, adminPasswordHash);
    }

    public Optional<BridgeConfig> bridge(String hub, String device) {
        return bridges.stream().filter(b -> b.is(hub, device)).findFirst();
    }

    /** Adds the bridge at the end (callers check that it is new). */
    public ServerConfig withBridge(BridgeConfig bridge) {
        List<BridgeConfig> list = new ArrayList<>(bridges);
        list.add(bridge);
        return new ServerConfig(version, listeners, cipher, hubs, list, adminPasswordHash);
    }

    /** Without the bridge of this hub and device; unchanged if there is none. */
    public ServerConfig withoutBridge(String hub, String device) {
        List<BridgeConfig> list = bridges.stream().filter(b -> !b.is(hub, device)).toList();
        return list.size() == bridges.size() ? this : new ServerConfig(version, listeners, cipher, hubs, list, adminPasswordHash);
    }

    public ServerConfig withListeners(List<ListenerConfig> next) {
        return new ServerConfig(version, next, cipher, hubs, bridges, adminPasswordHash);
    }

    /**
     * With every hub's SecureNAT chosen ({@link HubConfig#withSecureNatChosen}): the server calls it as it
     * loads a file, so each hub's MAC is chosen once and saved.
     */
    public ServerConfig withSecureNatChosen() {
        return hubs.stream().allMatch(h -> h.secureNat() != null) ? this
                : withHubs(hubs.stream().map(HubConfig::withSecureNatChosen).toList());
    }

    public ServerConfig withHubs(List<HubConfig> next) {
        return new ServerConfig(version, listeners, cipher, next, bridges, adminPasswordHash);
    }

    private int hubIndex(String name) {
        for (int i = 0; i < hubs.size(); i++) {
            if (NameRules.same(hubs.get(i).name(), name)) {
                return i;
            }
        }
        return -1;
    }
}
