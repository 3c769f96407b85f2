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
 */
public record HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users,
        List<CascadeConfig> cascades, String adminPasswordHash, boolean hidden) {
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
        return new HubConfig(name, online, maxSessions, users, cascades, Base64.getEncoder().encodeToString(sha0), hidden);
    }

    public HubConfig withUsers(List<UserConfig> list) {
        return new HubConfig(name, online, maxSessions, list, cascades, adminPasswordHash, hidden);
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
        return new HubConfig(name, online, maxSessions, users, list, adminPasswordHash, hidden);
    }

    public HubConfig withoutCascade(String cascadeName) {
        List<CascadeConfig> list = new ArrayList<>(cascades);
        list.removeIf(c -> NameRules.same(c.name(), cascadeName));
        return new HubConfig(name, online, maxSessions, users, list, adminPasswordHash, hidden);
    }

    /** An online hub with no users and no session limit. */
    public static HubConfig create(String name) {
        return new HubConfig(name, true, 0, List.of());
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
        return new HubConfig(name, online, maxSessions, list, cascades, adminPasswordHash, hidden);
    }

    /** Without the user of this name (ignoring case); unchanged if there is none. */
    public HubConfig withoutUser(String userName) {
        int i = indexOf(userName);
        if (i < 0) {
            return this;
        }
        List<UserConfig> list = new ArrayList<>(users);
        list.remove(i);
        return new HubConfig(name, online, maxSessions, list, cascades, adminPasswordHash, hidden);
    }

    public HubConfig withOnline(boolean on) {
        return new HubConfig(name, on, maxSessions, users, cascades, adminPasswordHash, hidden);
    }

    public HubConfig withHidden(boolean hide) {
        return new HubConfig(name, online, maxSessions, users, cascades, adminPasswordHash, hide);
    }

    public HubConfig withMaxSessions(int limit) {
        return new HubConfig(name, online, limit, users, cascades, adminPasswordHash, hidden);
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
