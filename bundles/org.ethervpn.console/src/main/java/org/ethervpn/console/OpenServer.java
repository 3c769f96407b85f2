package org.ethervpn.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.swt.widgets.TreeItem;
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

    void disposeViews() {
        if (serverViews != null) {
            serverViews.dispose();
            serverViews = null;
        }
        hubViews.values().forEach(ViewHost::dispose);
        hubViews.clear();
    }
}
