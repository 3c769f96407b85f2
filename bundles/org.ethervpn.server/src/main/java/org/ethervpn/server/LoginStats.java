package org.ethervpn.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.UserConfig;

/**
 * Logins per user since the server started. They live in memory (a login must not wait for a disk
 * write) and are added to the configuration on its next save.
 */
final class LoginStats {
    /** Logins counted here and the newest one's time (null: none yet). */
    record Count(long logins, Instant last) {
        static final Count NONE = new Count(0, null);
    }

    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    void counted(String hub, String user) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis()); // as the file keeps it
        counts.merge(key(hub, user), new Count(1, now), (a, b) -> new Count(a.logins() + 1, now));
    }

    Count get(String hub, String user) {
        return counts.getOrDefault(key(hub, user), Count.NONE);
    }

    void clear() {
        counts.clear();
    }

    /** {@code c} with every user's counters added, as the next save writes it. */
    ServerConfig addTo(ServerConfig c) {
        List<HubConfig> hubs = new ArrayList<>();
        for (HubConfig h : c.hubs()) {
            List<UserConfig> users = new ArrayList<>();
            for (UserConfig u : h.users()) {
                Count n = get(h.name(), u.name());
                users.add(n.logins() == 0 ? u : new UserConfig(u.name(), u.auth(), u.passwordHash(), u.realName(),
                        u.note(), u.created(), u.logins() + n.logins(), n.last(), u.enabled(), u.expires()));
            }
            hubs.add(h.withUsers(users));
        }
        return c.withHubs(hubs);
    }

    private static String key(String hub, String user) {
        return hub.toUpperCase(Locale.ROOT) + "/" + user.toUpperCase(Locale.ROOT);
    }
}
