package org.ethervpn.server;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.UserAuthType;
import org.ethervpn.server.config.UserConfig;

/** A hub's users: accounts, passwords (kept as SoftEther's hash), real name and note, disabled and expiring accounts. */
interface UsersAdmin extends AdminArea {
    @Override
    default List<UserInfo> userList(String hub) {
        HubConfig h = hub(hub);
        return h.users().stream().map(u -> info(h, u)).toList();
    }

    @Override
    default UserInfo userGet(String hub, String user) {
        HubConfig h = hub(hub);
        return info(h, user(h, user));
    }

    @Override
    default void userCreate(String hub, String user, String realName, String note) {
        HubConfig h = hub(hub);
        if (h.user(user).isPresent()) {
            throw new AdminException(AdminError.USER_ALREADY_EXISTS, "user " + user + " already exists on hub " + h.name());
        }
        putUser(h, null, valid(() -> new UserConfig(user, UserAuthType.PASSWORD, null, nz(realName), nz(note),
                Instant.now(), 0, null)));
    }

    @Override
    default void userDelete(String hub, String user) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), null);
    }

    @Override
    default void userPasswordSet(String hub, String user, char[] password) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        byte[] hash = PasswordHash.hashedPassword(u.name(), new String(password));
        Arrays.fill(password, '\0');
        putUser(h, u.name(), u.withPasswordHash(hash));
    }

    @Override
    default void userPasswordHashSet(String hub, String user, byte[] hash) {
        if (hash == null || hash.length != UserConfig.HASH_LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has " + UserConfig.HASH_LENGTH + " bytes");
        }
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withPasswordHash(hash));
    }

    @Override
    default byte[] userPasswordHashGet(String hub, String user) {
        UserConfig u = user(hub(hub), user);
        return u.auth() == UserAuthType.PASSWORD && u.passwordHash() != null ? u.passwordHash() : new byte[0];
    }

    @Override
    default void userSetInfo(String hub, String user, String realName, String note) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withRealName(nz(realName)).withNote(nz(note)));
    }

    @Override
    default void userSetAnonymous(String hub, String user) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withAnonymous());
    }

    @Override
    default void userSetEnabled(String hub, String user, boolean enabled) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withEnabled(enabled));
        if (!enabled) {
            endSessions(h, u, "user " + u.name() + " was disabled");
        }
    }

    @Override
    default void userSetExpires(String hub, String user, Instant expires) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        UserConfig next = u.withExpires(expires);
        putUser(h, u.name(), next);
        if (next.expiredAt(Instant.now())) {
            endSessions(h, u, "user " + u.name() + " expired");
        }
    }

    /**
     * SoftEther keeps a disabled user's sessions; an administrator who closes an account expects it
     * closed now, so its sessions end (a cascade or bridge logged in as that user reconnects and is refused).
     */
    private void endSessions(HubConfig h, UserConfig u, String why) {
        HubRuntime r = core().hubs().get(h.name());
        for (ServerSession s : r == null ? List.<ServerSession>of() : r.sessions()) {
            if (s.user().equalsIgnoreCase(u.name())) {
                s.end(why);
            }
        }
    }

    private void putUser(HubConfig h, String old, UserConfig next) {
        change(c -> {
            HubConfig current = c.hub(h.name()).orElseThrow();
            return replaceHub(c, h.name(), current.withUsers(AdminArea.replaced(current.users(), UserConfig::name, old, next)));
        }, c -> { });
    }

    private UserInfo info(HubConfig h, UserConfig u) {
        LoginStats.Count stats = core().loginStats().get(h.name(), u.name());
        Instant last = stats.logins() > 0 ? stats.last() : u.lastLogin();
        return new UserInfo(h.name(), u.name(), u.auth() == UserAuthType.ANONYMOUS ? UserAuth.ANONYMOUS : UserAuth.PASSWORD,
                u.realName(), u.note(), u.logins() + stats.logins(), last, u.created(), u.enabled(), u.expires());
    }
}
