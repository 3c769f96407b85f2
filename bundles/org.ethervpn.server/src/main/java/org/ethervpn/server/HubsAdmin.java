package org.ethervpn.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.Sha0;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;

/** Virtual Hubs: list, create, delete, online, limits, hidden, administrator password. */
interface HubsAdmin extends AdminArea {
    @Override
    default List<HubInfo> hubList() {
        return config().hubs().stream().map(this::info).toList();
    }

    @Override
    default HubInfo hubGet(String hub) {
        return info(hub(hub));
    }

    @Override
    default void hubCreate(String hub) {
        refuseOnBridge("create a virtual hub");
        if (config().hub(hub).isPresent()) {
            throw new AdminException(AdminError.HUB_ALREADY_EXISTS, "hub " + hub + " already exists");
        }
        HubConfig h = newHub(hub);
        change(c -> replaceHub(c, null, h), c -> core().hubs().add(h.name(), h.online()));
    }

    @Override
    default void hubDelete(String hub) {
        refuseOnBridge("delete a virtual hub");
        HubConfig h = hub(hub);
        change(c -> replaceHub(c, h.name(), null), c -> core().removeHubRuntime(h.name()));
    }

    @Override
    default void hubSetOnline(String hub, boolean online) {
        HubConfig h = hub(hub);
        HubConfig next = h.withOnline(online);
        change(c -> replaceHub(c, h.name(), next), c -> {
            HubRuntime r = core().hubs().get(h.name());
            r.hub().setOnline(online);
            if (!online) {
                for (ServerSession s : r.sessions()) {
                    s.end("hub " + h.name() + " was taken offline");
                }
            }
            core().syncSecureNat(c); // SoftEther stops SecureNAT with its hub and starts it again
        });
    }

    @Override
    default void hubSetMaxSessions(String hub, int maxSessions) {
        if (maxSessions < 0) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "the maximum number of sessions must be 0 or more");
        }
        HubConfig h = hub(hub);
        HubConfig next = h.withMaxSessions(maxSessions);
        change(c -> replaceHub(c, h.name(), next), c -> { });
    }

    @Override
    default void hubSetHidden(String hub, boolean hidden) {
        HubConfig h = hub(hub);
        if (h.hidden() != hidden) {
            HubConfig next = h.withHidden(hidden);
            change(c -> replaceHub(c, h.name(), next), c -> { });
        }
    }

    @Override
    default void hubPasswordSet(String hub, char[] password) {
        byte[] utf8 = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            hubPasswordHashSet(hub, Sha0.hash(utf8));
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    @Override
    default void hubPasswordHashSet(String hub, byte[] sha0) {
        if (sha0 == null || sha0.length != PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has 20 bytes");
        }
        HubConfig h = hub(hub);
        change(c -> replaceHub(c, h.name(), c.hub(h.name()).orElseThrow().withAdminPassword(sha0)), c -> { });
    }

    private void refuseOnBridge(String what) {
        if (core().context().options().bridge()) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "a VPN Bridge has the one hub "
                    + ServerConfig.BRIDGE_HUB + ": it cannot " + what);
        }
    }

    private HubConfig newHub(String name) {
        return valid(() -> new HubConfig(name, true, 0, List.of()));
    }
}
