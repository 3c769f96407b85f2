package org.ethervpn.server;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.hub.HubJoinException;
import org.ethervpn.hub.VirtualHub;
import org.osgi.service.log.Logger;

/**
 * A hub's SecureNAT as it runs, or why it does not: {@link #update} makes it match the settings, the
 * hub and the plugins (called after every change of any of them), so it starts when the plugin
 * arrives or the hub comes online, restarts with new options, and stops when the plugin goes.
 */
final class SecureNatSlot {
    static final String OFF = "off";
    static final String NO_PLUGIN = "on, not running: no SecureNAT plugin is installed (bundle org.ethervpn.securenat)";
    static final String OFFLINE = "on, not running: the hub is offline";
    /** The start of the state after the plugin refused the options. */
    static final String REFUSED = "on, not running: the SecureNAT plugin refused the options: ";

    private final VirtualHub hub;
    private final Logger log;
    private SecureNatPort running;
    private volatile String state = OFF;

    /** Names each start's session from the hub's session counter, as SoftEther does (SID-SECURENAT-n). */
    private final Supplier<String> sessionName;

    SecureNatSlot(VirtualHub hub, Logger log, Supplier<String> sessionName) {
        this.hub = hub;
        this.log = log;
        this.sessionName = sessionName;
    }

    /**
     * Starts, restarts or stops SecureNAT so that it runs exactly when it is enabled, the hub is online
     * and a plugin is there, with these options on that plugin.
     *
     * @return null, or the plugin's reason for refusing the options (SecureNAT then does not run)
     */
    synchronized String update(boolean enabled, SecureNatOptions options, Optional<SecureNatFactory> factory) {
        SecureNatPort r = running;
        String want = !enabled ? OFF : !hub.isOnline() ? OFFLINE : factory.isEmpty() ? NO_PLUGIN : null;
        if (r != null && want == null && r.isOpen() && r.factory() == factory.get() && r.options().equals(options)) {
            return null;
        }
        if (r != null) {
            stop(want == null ? "restarting with new settings" : want);
        }
        if (want != null) {
            state = want;
            return null;
        }
        try {
            running = new SecureNatPort(hub, sessionName.get(), options, factory.get());
        } catch (IllegalArgumentException e) {
            state = REFUSED + e.getMessage();
            log.warn("SecureNAT of hub {} not started: the plugin refused its options: {}", hub.name(), e.getMessage());
            return e.getMessage();
        } catch (HubJoinException e) {
            state = "on, not running: " + e.getMessage();
            return null;
        } catch (RuntimeException e) {
            state = "on, not running: the SecureNAT plugin failed to start: " + e;
            log.error("SecureNAT of hub {} failed to start", hub.name(), e);
            return null;
        }
        state = "running";
        log.debug("SecureNAT of hub {} started: virtual host {} {}/{}, NAT {}, DHCP {}", hub.name(), options.mac(),
                options.ip(), options.mask(), options.useNat() ? "on" : "off", options.useDhcp() ? "on" : "off");
        return null;
    }

    /** Stops it, saying why (hub deleted, server stopping...). */
    synchronized void stop(String why) {
        SecureNatPort r = running;
        running = null;
        state = why;
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException e) {
                log.warn("SecureNAT of hub {}: the plugin failed while stopping: {}", hub.name(), e.toString());
            }
            log.info("SecureNAT of hub {} stopped: {}", hub.name(), why);
        }
    }

    private synchronized SecureNatPort current() {
        return running;
    }

    /** Its session, while it runs. */
    Optional<SessionInfo> session() {
        SecureNatPort r = current();
        return r == null || !r.isOpen() ? Optional.empty() : Optional.of(r.session());
    }

    List<NatEntry> natSessions() {
        SecureNatPort r = current();
        return r == null ? List.of() : List.copyOf(r.natSessions());
    }

    List<DhcpLease> dhcpLeases() {
        SecureNatPort r = current();
        return r == null ? List.of() : List.copyOf(r.dhcpLeases());
    }

    SecureNatStatus status() {
        SecureNatPort r = current();
        return r == null ? SecureNatStatus.notRunning(hub.name(), state) : r.status();
    }
}
