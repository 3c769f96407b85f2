package org.ethervpn.server.config;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Virtual Hub.
 *
 * @param name        1..255 of {@code A-Z a-z 0-9 - _ .}; case-insensitive, as in SoftEther
 * @param online      whether it accepts sessions
 * @param maxSessions most sessions at once, 0 for no limit
 * @param users       its users in order; no two with the same name ignoring case
 * @param cascades    its cascade connections to other hubs; no two with the same name ignoring case
 * @param adminPasswordHash the hub administrator's password as SoftEther keeps it, base64 of SHA-0(password);
 *                    empty: no hub administrator
 * @param hidden      SoftEther's NoEnum: not listed to clients that ask which hubs there are
 * @param secureNat   its SecureNAT, on or off, with its settings; null: not chosen yet (a file from before
 *                    SecureNAT): the server gives such a hub {@link SecureNatConfig#fresh()} (off, SoftEther's
 *                    defaults, a new random MAC) and saves it as it starts ({@link ServerConfig#withSecureNatChosen})
 */
public record HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users,
        List<CascadeConfig> cascades, String adminPasswordHash, boolean hidden, SecureNatConfig secureNat) {
    public HubConfig {
        NameRules.hub(name);
        if (maxSessions < 0) {
            throw new IllegalArgumentException("maxSessions must be >= 0 (0 = no limit), is " + maxSessions);
        }
        users = List.copyOf(users);
        Set<String> seen = HashSet.newHashSet(users.size());
        for (UserConfig u : users) {
            if (!seen.add(NameRules.key(u.name()))) {
                throw new IllegalArgumentException("hub " + name + " has two users named \"" + u.name()
                        + "\" (user names are case-insensitive)");
            }
        }
        adminPasswordHash = adminPasswordHash == null ? "" : adminPasswordHash;
        if (!adminPasswordHash.isEmpty()) {
            byte[] h;
            try {
                h = Base64.getDecoder().decode(adminPasswordHash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hub " + name + ": the admin password hash is not base64");
            }
            if (h.length != UserConfig.HASH_LENGTH) {
                throw new IllegalArgumentException("hub " + name + ": the admin password hash has " + UserConfig.HASH_LENGTH
                        + " bytes");
            }
        }
        cascades = List.copyOf(cascades);
        Set<String> links = HashSet.newHashSet(cascades.size());
        for (CascadeConfig c : cascades) {
            if (!links.add(NameRules.key(c.name()))) {
                throw new IllegalArgumentException("hub " + name + " has two cascades named \"" + c.name() + "\"");
            }
        }
    }

    /** A hub whose SecureNAT is not chosen yet. */
    public HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users,
            List<CascadeConfig> cascades, String adminPasswordHash, boolean hidden) {
        this(name, online, maxSessions, users, cascades, adminPasswordHash, hidden, null);
    }

    /** A listed hub. */
    public HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users,
            List<CascadeConfig> cascades, String adminPasswordHash) {
        this(name, online, maxSessions, users, cascades, adminPasswordHash, false);
    }

    /** A hub without cascades. */
    public HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users) {
        this(name, online, maxSessions, users, List.of(), "");
    }

    /** A hub without a hub administrator. */
    public HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users, List<CascadeConfig> cascades) {
        this(name, online, maxSessions, users, cascades, "");
    }

    /** The hub administrator's SHA-0 password hash, or an empty array when there is none. */
    public byte[] adminPassword() {
        return Base64.getDecoder().decode(adminPasswordHash);
    }

    public HubConfig withAdminPassword(byte[] sha0) {
        return new HubConfig(name, online, maxSessions, users, cascades, Base64.getEncoder().encodeToString(sha0), hidden, secureNat);
    }

    public HubConfig withUsers(List<UserConfig> list) {
        return new HubConfig(name, online, maxSessions, list, cascades, adminPasswordHash, hidden, secureNat);
    }

    /** The cascade with this name, ignoring case. */
    public Optional<CascadeConfig> cascade(String cascadeName) {
        return cascades.stream().filter(c -> NameRules.same(c.name(), cascadeName)).findFirst();
    }

    /** Adds the cascade, or replaces the one with the same name (ignoring case) in its place. */
    public HubConfig withCascade(CascadeConfig cascade) {
        List<CascadeConfig> list = new ArrayList<>(cascades);
        int i = 0;
        while (i < list.size() && !NameRules.same(list.get(i).name(), cascade.name())) {
            i++;
        }
        if (i < list.size()) {
            list.set(i, cascade);
        } else {
            list.add(cascade);
        }
        return new HubConfig(name, online, maxSessions, users, list, adminPasswordHash, hidden, secureNat);
    }

    public HubConfig withoutCascade(String cascadeName) {
        List<CascadeConfig> list = new ArrayList<>(cascades);
        list.removeIf(c -> NameRules.same(c.name(), cascadeName));
        return new HubConfig(name, online, maxSessions, users, list, adminPasswordHash, hidden, secureNat);
    }

    /** An online hub with no users and no session limit. */
    public static HubConfig create(String name) {
        return new HubConfig(name, true, 0, List.of());
    }

    /** With SecureNAT off, SoftEther's defaults and a new MAC if it has none yet. */
    public HubConfig withSecureNatChosen() {
        return secureNat != null ? this : withSecureNat(SecureNatConfig.fresh());
    }

    /** The user with this name, ignoring case. */
    public Optional<UserConfig> user(String userName) {
        return users.stream().filter(u -> NameRules.same(u.name(), userName)).findFirst();
    }

    /** Adds the user, or replaces the one with the same name (ignoring case) in its place. */
    public HubConfig withUser(UserConfig user) {
        List<UserConfig> list = new ArrayList<>(users);
        int i = indexOf(user.name());
        if (i < 0) {
            list.add(user);
        } else {
            list.set(i, user);
        }
        return new HubConfig(name, online, maxSessions, list, cascades, adminPasswordHash, hidden, secureNat);
    }

    /** Without the user of this name (ignoring case); unchanged if there is none. */
    public HubConfig withoutUser(String userName) {
        int i = indexOf(userName);
        if (i < 0) {
            return this;
        }
        List<UserConfig> list = new ArrayList<>(users);
        list.remove(i);
        return new HubConfig(name, online, maxSessions, list, cascades, adminPasswordHash, hidden, secureNat);
    }

    public HubConfig withOnline(boolean on) {
        return new HubConfig(name, on, maxSessions, users, cascades, adminPasswordHash, hidden, secureNat);
    }

    public HubConfig withHidden(boolean hide) {
        return new HubConfig(name, online, maxSessions, users, cascades, adminPasswordHash, hide, secureNat);
    }

    public HubConfig withSecureNat(SecureNatConfig snat) {
        return new HubConfig(name, online, maxSessions, users, cascades, adminPasswordHash, hidden, snat);
    }

    public HubConfig withMaxSessions(int limit) {
        return new HubConfig(name, online, limit, users, cascades, adminPasswordHash, hidden, secureNat);
    }

    private int indexOf(String userName) {
        for (int i = 0; i < users.size(); i++) {
            if (NameRules.same(users.get(i).name(), userName)) {
                return i;
            }
        }
        return -1;
    }
}
