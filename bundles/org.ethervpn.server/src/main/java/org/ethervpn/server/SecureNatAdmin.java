package org.ethervpn.server;

import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.SecureNatConfig;
import org.ethervpn.server.config.SecureNatRules;

/**
 * A hub's SecureNAT: on/off and its settings (saved in the hub's {@code secureNat}), its NAT
 * sessions, DHCP leases and status (from the running {@link SecureNatSlot}). A setting the SecureNAT
 * plugin refuses is taken back, so what is saved is what runs.
 */
interface SecureNatAdmin extends AdminArea {
    @Override
    default void secureNatSetEnabled(String hub, boolean enabled) {
        HubConfig h = hub(hub);
        if (h.secureNat().enabled() == enabled) {
            return; // SoftEther answers success, and so do we
        }
        putSecureNat(h, h.secureNat().withEnabled(enabled));
    }

    @Override
    default SecureNatOptions secureNatOptionGet(String hub) {
        return hub(hub).secureNat().options();
    }

    /** As SoftEther's: {@code applyDhcpPushRoutes} false keeps the stored routes, whatever the request's are. */
    @Override
    default void secureNatOptionSet(String hub, SecureNatOptions options) {
        HubConfig h = hub(hub);
        if (options == null) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "no SecureNAT options given");
        }
        SecureNatOptions o = options.applyDhcpPushRoutes() ? options
                : options.withPushRoutes(true, h.secureNat().options().dhcpPushRoutes());
        SecureNatOptions checked = valid(() -> SecureNatRules.check(o));
        if (!checked.equals(h.secureNat().options())) {
            putSecureNat(h, h.secureNat().withOptions(checked));
        }
    }

    @Override
    default List<NatEntry> natList(String hub) {
        return slot(hub).natSessions();
    }

    @Override
    default List<DhcpLease> dhcpList(String hub) {
        return slot(hub).dhcpLeases();
    }

    @Override
    default SecureNatStatus secureNatStatus(String hub) {
        HubConfig h = hub(hub);
        HubRuntime r = core().hubs().get(h.name());
        return r == null ? SecureNatStatus.notRunning(h.name(), SecureNatSlot.OFF) : r.secureNat().status();
    }

    private SecureNatSlot slot(String hub) {
        HubConfig h = hub(hub);
        HubRuntime r = core().hubs().get(h.name());
        if (r == null) {
            throw new AdminException(AdminError.HUB_NOT_FOUND, "hub " + hub + " is not running");
        }
        return r.secureNat();
    }

    /**
     * Saves the hub's new SecureNAT and applies it; when the plugin refuses the options, saves the old
     * one back and fails with 38 and the plugin's reason.
     */
    private void putSecureNat(HubConfig h, SecureNatConfig next) {
        SecureNatConfig before = h.secureNat();
        String[] refused = new String[1];
        change(c -> replaceHub(c, h.name(), c.hub(h.name()).orElseThrow().withSecureNat(next)),
                c -> refused[0] = core().syncSecureNat(c).get(HubRuntime.key(h.name())));
        if (refused[0] != null) {
            change(c -> replaceHub(c, h.name(), c.hub(h.name()).orElseThrow().withSecureNat(before)), core()::syncSecureNat);
            throw new AdminException(AdminError.INVALID_PARAMETER, "SecureNAT of hub " + h.name()
                    + " cannot run with these settings, nothing was changed: " + refused[0]);
        }
    }
}
