package org.ethervpn.console.api;

import java.util.List;
import java.util.Map;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.osgi.annotation.versioning.ProviderType;

/** What a view works on: the administered server (and hub), and the console around it. */
@ProviderType
public interface ViewContext {
    /** The server's admin API. Call it only off the UI thread ({@link UiAccess#background}). */
    VpnServerAdmin admin();

    /** The server's plugin registry, or null where the connection has none. */
    PluginAdmin plugins();

    ConnectionKind kind();

    /**
     * The server's capabilities as {@link VpnServerAdmin#capabilities()} answered them at connect
     * (SoftEther's GetCaps names, e.g. {@code b_local_bridge}); empty when the server did not say.
     */
    default Map<String, Long> capabilities() {
        return Map.of();
    }

    /** Whether the server can do {@code cap}: true unless its capabilities name it with 0. */
    default boolean can(String cap) {
        return capabilities().getOrDefault(cap, 1L) != 0;
    }

    /** The server as shown to the user, e.g. "office (vpn.example.com:5555)". */
    String server();

    /** The hub of a {@link ViewScope#HUB} view, else null. */
    String hub();

    UiAccess ui();

    /** A line in the console's status bar (UI thread). */
    void status(String message);

    /** A failure the user must see: shown in the status bar in red and in the log (UI thread). */
    void error(String message);

    /** The server's hubs changed (created, deleted): the console updates its tree. */
    void hubsChanged();

    /**
     * A view has just listed the server's hubs (UI thread): the console's tree shows the same hubs at
     * once, from that list, so a table and the tree never disagree (1.2; by default the console asks
     * the server again).
     */
    default void hubsListed(List<String> hubs) {
        hubsChanged();
    }
}
