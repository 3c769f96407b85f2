package org.ethervpn.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.hub.PortCounters;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.UserConfig;

/** What every area of the admin API shares: the server, the configuration and its one way to change, lookups that say what is missing. */
interface AdminArea extends VpnServerAdmin {
    /** The running server these calls read and change. */
    ServerCore core();

    default ServerConfig config() {
        try {
            return core().config();
        } catch (IllegalStateException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, e.getMessage());
        }
    }

    /** What {@code make} builds; its IllegalArgumentException (a bad name, address...) is 38 with its message. */
    default <T> T valid(Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
    }

    default void change(UnaryOperator<ServerConfig> change, Consumer<ServerConfig> apply) {
        try {
            core().change(change, apply);
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR,
                    "the configuration could not be saved, nothing was changed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
    }

    default HubConfig hub(String name) {
        return config().hub(name).orElseThrow(() -> new AdminException(AdminError.HUB_NOT_FOUND,
                "hub " + name + " does not exist"));
    }

    default UserConfig user(HubConfig h, String name) {
        return h.user(name).orElseThrow(() -> new AdminException(AdminError.OBJECT_NOT_FOUND,
                "user " + name + " does not exist on hub " + h.name()));
    }

    /** Replaces hub {@code old} by {@code next}; null old = add, null next = remove. */
    default ServerConfig replaceHub(ServerConfig c, String old, HubConfig next) {
        return c.withHubs(replaced(c.hubs(), HubConfig::name, old, next));
    }

    /** {@code list} with the item named {@code old} (any case) replaced by {@code next}; null old = add, null next = remove. */
    static <T> List<T> replaced(List<T> list, Function<T, String> name, String old, T next) {
        List<T> out = new ArrayList<>();
        for (T t : list) {
            if (old == null || !name.apply(t).equalsIgnoreCase(old)) {
                out.add(t);
            } else if (next != null) {
                out.add(next);
            }
        }
        if (old == null) {
            out.add(next);
        }
        return out;
    }

    /** "10.0.0.1:443", "[::1]:443" (not Java's "/10.0.0.1:443"). */
    default String text(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    default String nz(String s) {
        return s == null ? "" : s;
    }

    default HubInfo info(HubConfig h) {
        HubRuntime r = core().hubs().get(h.name());
        long fi = 0, bi = 0, fo = 0, bo = 0;
        int sessions = 0, macs = 0;
        if (r != null) {
            for (ServerSession s : r.sessions()) {
                PortCounters pc = s.port().counters();
                fi += pc.framesIn();
                bi += pc.bytesIn();
                fo += pc.framesOut();
                bo += pc.bytesOut();
            }
            // SoftEther counts every session of the hub, its SecureNAT's too (HubList shows 1 with no client)
            sessions = r.sessionCount() + (r.secureNat().session().isPresent() ? 1 : 0);
            macs = r.hub().macCount();
        }
        return new HubInfo(h.name(), h.online(), h.maxSessions(), h.users().size(), sessions, macs, fi, bi, fo, bo,
                r == null ? null : r.lastLogin(), h.hidden(), h.secureNat().enabled());
    }
}
