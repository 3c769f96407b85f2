package org.ethervpn.server.config;

import java.util.ArrayList;
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
 */
public record HubConfig(String name, boolean online, int maxSessions, List<UserConfig> users) {
    public HubConfig {
        Names.hub(name);
        if (maxSessions < 0) {
            throw new IllegalArgumentException("maxSessions must be >= 0 (0 = no limit), is " + maxSessions);
        }
        users = List.copyOf(users);
        Set<String> seen = HashSet.newHashSet(users.size());
        for (UserConfig u : users) {
            if (!seen.add(Names.key(u.name()))) {
                throw new IllegalArgumentException("hub " + name + " has two users named \"" + u.name()
                        + "\" (user names are case-insensitive)");
            }
        }
    }

    /** An online hub with no users and no session limit. */
    public static HubConfig create(String name) {
        return new HubConfig(name, true, 0, List.of());
    }

    /** The user with this name, ignoring case. */
    public Optional<UserConfig> user(String userName) {
        return users.stream().filter(u -> Names.same(u.name(), userName)).findFirst();
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
        return new HubConfig(name, online, maxSessions, list);
    }

    /** Without the user of this name (ignoring case); unchanged if there is none. */
    public HubConfig withoutUser(String userName) {
        int i = indexOf(userName);
        if (i < 0) {
            return this;
        }
        List<UserConfig> list = new ArrayList<>(users);
        list.remove(i);
        return new HubConfig(name, online, maxSessions, list);
    }

    public HubConfig withOnline(boolean on) {
        return new HubConfig(name, on, maxSessions, users);
    }

    public HubConfig withMaxSessions(int limit) {
        return new HubConfig(name, online, limit, users);
    }

    private int indexOf(String userName) {
        for (int i = 0; i < users.size(); i++) {
            if (Names.same(users.get(i).name(), userName)) {
                return i;
            }
        }
        return -1;
    }
}
