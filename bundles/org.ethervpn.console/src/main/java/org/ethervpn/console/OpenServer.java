package org.ethervpn.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.swt.widgets.TreeItem;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.remote.RemoteAdminSession;
import org.ethervpn.console.api.ConnectionKind;

/** A connected server in the window: its admin session, tree item and the tabs of its nodes (UI thread). */
final class OpenServer {
    final SavedConnection saved;
    final RemoteAdminSession session;
    final ConnectionKind kind;
    final TreeItem item;
    /** For people: the saved connection's label, or "this server" for the in-process one. */
    final String label;
    /** What the server said it can do at connect ({@link Probe}). */
    Probe probe = Probe.UNKNOWN;
    ViewHost serverViews;
    final Map<String, ViewHost> hubViews = new LinkedHashMap<>();
    final Map<String, TreeItem> hubItems = new LinkedHashMap<>();

    OpenServer(SavedConnection saved, RemoteAdminSession session, TreeItem item) {
        this(saved, session, item, saved.label());
    }

    OpenServer(SavedConnection saved, RemoteAdminSession session, TreeItem item, String label) {
        this.label = label;
        this.saved = saved;
        this.session = session;
        this.kind = saved.hubAdmin() ? ConnectionKind.HUB_ADMIN : ConnectionKind.SERVER_ADMIN;
        this.item = item;
    }

    /**
     * What decides which screens a server gets, asked once at connect off the UI thread: its
     * capabilities (GetCaps) and whether it has a plugin registry (a SoftEther server answers our
     * plugin methods with "not supported"). A server that cannot say gets every screen.
     */
    record Probe(Map<String, Long> caps, boolean plugins) {
        static final Probe UNKNOWN = new Probe(Map.of(), true);

        static Probe of(RemoteAdminSession s) {
            Map<String, Long> caps;
            try {
                caps = s.admin().capabilities();
            } catch (RuntimeException e) {
                caps = Map.of();
            }
            boolean plugins = s.plugins() != null;
            if (plugins) {
                try {
                    s.plugins().plugins();
                } catch (AdminException e) {
                    plugins = e.error() != AdminError.NOT_SUPPORTED;
                } catch (RuntimeException e) {
                    // another failure: the Plugins tab shows it
                }
            }
            return new Probe(caps, plugins);
        }
    }

    void disposeViews() {
        if (serverViews != null) {
            serverViews.dispose();
            serverViews = null;
        }
        hubViews.values().forEach(ViewHost::dispose);
        hubViews.clear();
    }
}
