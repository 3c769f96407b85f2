package org.ethervpn.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.remote.RemoteAdminConnector;
import org.ethervpn.api.remote.RemoteAdminSession;
import org.ethervpn.api.remote.RemoteLoginException;
import org.ethervpn.api.transport.ProxySettings;
import org.ethervpn.console.api.ConnectionKind;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.UiAccess;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewScope;
import org.ethervpn.protocol.Sha0;

/**
 * The console's main window: saved connections on the left (connected ones expand to their hubs),
 * the tabs of the selected server or hub on the right, a status line below. Several servers can be
 * open at once. Every admin call runs through {@link UiAccess#background}; all fields are used on
 * the UI thread only (the view list is also read by other threads).
 */
public final class ConsoleWindow {
    /** Pin that matches no certificate: the first contact asks the server for its certificate only. */
    private static final String PROBE = "-";
    private final UiAccess ui;
    private final ConnectionStore store;
    private final Supplier<RemoteAdminConnector> connector;
    private final List<ConsoleView> views = new CopyOnWriteArrayList<>();
    private final Map<String, OpenServer> open = new LinkedHashMap<>();
    private Shell shell;
    private Tree tree;
    private Composite pages;
    private StackLayout stack;
    private Composite welcome;
    private Label status;
    private Runnable onClose = () -> { };

    public ConsoleWindow(UiAccess ui, ConnectionStore store, RemoteAdminConnector connector) {
        this(ui, store, () -> connector);
    }

    /** {@code connector} may supply null: a runtime without the admin RPC client manages only its own server. */
    public ConsoleWindow(UiAccess ui, ConnectionStore store, Supplier<RemoteAdminConnector> connector) {
        this.ui = ui;
        this.store = store;
        this.connector = connector;
    }

    /** Builds and shows the window (UI thread); {@code onClose} runs when the user closes it. */
    public Shell open(Runnable whenClosed) {
        this.onClose = whenClosed;
        shell = new Shell(ui.display(), SWT.SHELL_TRIM);
        shell.setText("EtherVPN Console");
        shell.setLayout(new GridLayout(1, false));
        Composite bar = new Composite(shell, SWT.NONE);
        bar.setLayout(new RowLayout(SWT.HORIZONTAL));
        button(bar, "New connection…", this::newConnection);
        button(bar, "Connect", () -> selectedSaved(this::connect));
        button(bar, "Edit connection…", () -> selectedSaved(this::edit));
        button(bar, "Delete connection", () -> selectedSaved(this::delete));
        button(bar, "Disconnect", () -> selectedSaved(c -> disconnect(c.name())));
        button(bar, "Refresh", this::refresh);
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree = new Tree(sash, SWT.BORDER | SWT.SINGLE);
        tree.setData("name", "servers");
        tree.addListener(SWT.Selection, e -> showSelected());
        tree.addListener(SWT.DefaultSelection, e -> selectedSaved(c -> {
            if (!open.containsKey(c.name())) {
                connect(c);
            }
        }));
        pages = new Composite(sash, SWT.NONE);
        stack = new StackLayout();
        pages.setLayout(stack);
        welcome = new Composite(pages, SWT.NONE);
        welcome.setLayout(new GridLayout(1, false));
        Label hello = new Label(welcome, SWT.WRAP);
        hello.setText("Select a saved connection and press Connect (or double-click it), or add one with "
                + "\"New connection…\". EtherVPN and SoftEther VPN servers are managed through their admin port "
                + "(443, 992, 1194 or 5555). The server's certificate is shown at the first connection and pinned.");
        hello.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        stack.topControl = welcome;
        sash.setWeights(1, 3);
        status = new Label(shell, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setData("name", "status");
        for (SavedConnection c : store.list()) {
            treeItem(c);
        }
        shell.addListener(SWT.Dispose, e -> {
            for (OpenServer o : open.values()) {
                o.session.close();
            }
            open.clear();
            onClose.run();
        });
        shell.setSize(1120, 700);
        shell.open();
        return shell;
    }

    public Shell shell() {
        return shell;
    }

    /** A view service arrived: it joins every open node it applies to (any thread). */
    public void addView(ConsoleView v) {
        views.add(v);
        ui.async(() -> {
            for (OpenServer o : open.values()) {
                if (o.serverViews != null && applies(v, o.serverViews.context(), ViewScope.SERVER)) {
                    o.serverViews.add(v);
                }
                for (ViewHost h : o.hubViews.values()) {
                    if (applies(v, h.context(), ViewScope.HUB)) {
                        h.add(v);
                    }
                }
            }
        });
    }

    /** A view service went away: its tabs close (any thread). */
    public void removeView(ConsoleView v) {
        views.remove(v);
        ui.async(() -> {
            for (OpenServer o : open.values()) {
                if (o.serverViews != null) {
                    o.serverViews.remove(v);
                }
                o.hubViews.values().forEach(h -> h.remove(v));
            }
        });
    }

    /** The view serves this kind of connection and scope, and the server can do what it needs (its own say). */
    private boolean applies(ConsoleView v, ViewContext ctx, ViewScope scope) {
        if (v.scope() != scope || !v.kinds().contains(ctx.kind())) {
            return false;
        }
        try {
            return v.appliesTo(ctx);
        } catch (RuntimeException e) {
            status("the view " + v.title() + " failed: " + e, true);
            return false;
        }
    }

    private void button(Composite bar, String text, Runnable action) {
        Button b = new Button(bar, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
    }

    // ---- saved connections

    private void selectedSaved(Consumer<SavedConnection> action) {
        TreeItem[] sel = tree.getSelection();
        if (sel.length == 0) {
            status("select a connection first", false);
            return;
        }
        TreeItem top = sel[0];
        while (top.getParentItem() != null) {
            top = top.getParentItem();
        }
        SavedConnection c = store.get((String) top.getData("connection"));
        if (c != null) {
            action.accept(c);
        }
    }

    private void newConnection() {
        edit(null);
    }

    /** The connection form (new when {@code was} is null); the password is kept only as SHA-0. */
    private void edit(SavedConnection was) {
        List<Dialogs.Field> fields = List.of(
                Dialogs.Field.text("name", "Name", was == null ? "" : was.name()),
                Dialogs.Field.text("host", "Host", was == null ? "" : was.host()),
                Dialogs.Field.text("port", "Port", was == null ? "5555" : Integer.toString(was.port())),
                Dialogs.Field.text("hub", "Hub (empty: server administrator)", was == null ? "" : was.hub()),
                Dialogs.Field.password("password", "Password"),
                Dialogs.Field.check("save", "Save the password (only its SHA-0 hash is kept)", was != null && was.savedPassword()),
                Dialogs.Field.text("proxytype", "Proxy: direct, http, socks4 or socks5",
                        was == null ? "direct" : was.proxyType().name().toLowerCase(Locale.ROOT)),
                Dialogs.Field.text("proxy", "Proxy host:port", was == null ? "" : was.proxy()),
                Dialogs.Field.text("proxyuser", "Proxy user (its password is asked at connect)", was == null ? "" : was.proxyUser()));
        String error = null;
        Map<String, String> in = null;
        while (true) {
            in = Dialogs.form(shell, was == null ? "New connection" : "Edit connection",
                    error == null ? "Where the server's admin port is, and who logs in." : error, fields, "Save");
            if (in == null) {
                return;
            }
            try {
                String hash = "";
                if (Boolean.parseBoolean(in.get("save"))) {
                    hash = in.get("password").isEmpty() && was != null ? was.passwordSha0() : sha0Hex(in.get("password"));
                }
                int port;
                try {
                    port = Integer.parseInt(in.get("port").strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the port must be a number 1..65535");
                }
                boolean sameServer = was != null && was.host().equals(in.get("host").strip()) && was.port() == port;
                ProxyType proxyType;
                try {
                    proxyType = ProxyType.valueOf(in.get("proxytype").strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the proxy must be direct, http, socks4 or socks5");
                }
                SavedConnection c = new SavedConnection(in.get("name"), in.get("host"), port, in.get("hub"), hash,
                        sameServer ? was.fingerprint() : "", proxyType, in.get("proxy"), in.get("proxyuser"));
                if ((was == null || !was.name().equals(c.name())) && store.get(c.name()) != null) {
                    throw new IllegalArgumentException("a connection named \"" + c.name() + "\" exists already");
                }
                if (was != null) {
                    disconnect(was.name());
                    store.remove(was.name());
                    removeTreeItem(was.name());
                }
                store.put(c);
                tree.setSelection(treeItem(c));
                status("saved " + c.label(), false);
                return;
            } catch (IllegalArgumentException e) {
                error = "Not saved: " + e.getMessage();
                fields = refill(fields, in);
            } catch (IOException e) {
                Dialogs.inform(shell, "Cannot save", "Cannot write " + store.path() + ": " + e.getMessage());
                return;
            }
        }
    }

    private static List<Dialogs.Field> refill(List<Dialogs.Field> fields, Map<String, String> values) {
        List<Dialogs.Field> out = new ArrayList<>();
        for (Dialogs.Field f : fields) {
            out.add(f.kind() == Dialogs.Field.Kind.PASSWORD ? f : new Dialogs.Field(f.key(), f.label(), f.kind(), values.get(f.key())));
        }
        return out;
    }

    private void delete(SavedConnection c) {
        if (Dialogs.choose(shell, "Delete connection", "Delete the saved connection " + c.label() + "?", "Delete", "Cancel") != 0) {
            return;
        }
        disconnect(c.name());
        try {
            store.remove(c.name());
            removeTreeItem(c.name());
        } catch (IOException e) {
            Dialogs.inform(shell, "Cannot save", "Cannot write " + store.path() + ": " + e.getMessage());
        }
    }

    static String sha0Hex(String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] h = Sha0.hash(pw);
        Arrays.fill(pw, (byte) 0);
        return HexFormat.of().formatHex(h);
    }

    // ---- connecting

    /** Connects (asking the password unless saved); at the first contact the certificate is shown before any login. */
    public void connect(SavedConnection c) {
        if (open.containsKey(c.name())) {
            status(c.label() + " is connected already", false);
            return;
        }
        boolean proxyLogin = c.proxyType() != ProxyType.DIRECT && !c.proxyUser().isEmpty();
        List<Dialogs.Field> ask = new ArrayList<>();
        if (!c.savedPassword()) {
            ask.add(Dialogs.Field.password("password", "Password"));
        }
        if (proxyLogin) {
            ask.add(Dialogs.Field.password("proxypassword", "Password of proxy user " + c.proxyUser()));
        }
        Map<String, String> in = Map.of();
        if (!ask.isEmpty()) {
            in = Dialogs.form(shell, "Password", "Password of "
                    + (c.hubAdmin() ? "the administrator of hub " + c.hub() : "the server administrator") + " on " + c.label(),
                    ask, "Connect");
            if (in == null) {
                return;
            }
        }
        byte[] hash = c.savedPassword() ? c.passwordHash() : HexFormat.of().parseHex(sha0Hex(in.get("password")));
        proxyPassword = proxyLogin ? in.get("proxypassword") : "";
        login(c, hash, c.fingerprint().isEmpty() ? PROBE : c.fingerprint());
    }

    /** The proxy password typed at this connect, until its login is done (the session keeps it for re-logins). */
    private String proxyPassword = "";

    private void login(SavedConnection c, byte[] hash, String pin) {
        status("connecting to " + c.label() + "…", false);
        RemoteAdminConnector rc = connector.get();
        if (rc == null) {
            Arrays.fill(hash, (byte) 0);
            status("this runtime has no admin RPC client (bundle org.ethervpn.admin.client): "
                    + "manage remote servers with 'ethervpn console'", true);
            return;
        }
        ProxySettings proxy = c.proxySettings(proxyPassword);
        ui.background(() -> {
            RemoteAdminSession s = rc.open(c.host(), c.port(), c.hub(), hash, pin, c.proxyType(), proxy);
            return Map.entry(s, OpenServer.Probe.of(s));
        }, opened -> {
            RemoteAdminSession session = opened.getKey();
            Arrays.fill(hash, (byte) 0);
            proxyPassword = "";
            if (shell.isDisposed() || open.containsKey(c.name()) || store.get(c.name()) == null) {
                session.close();
                return;
            }
            attach(store.get(c.name()), session, opened.getValue());
        }, e -> {
            if (e instanceof RemoteLoginException le && le.reason() == RemoteLoginException.Reason.CERTIFICATE_CHANGED) {
                certificate(c, hash, pin, le);
            } else {
                Arrays.fill(hash, (byte) 0);
                proxyPassword = "";
                String why = e instanceof RemoteLoginException ? e.getMessage() : String.valueOf(e);
                status(why, true);
                Dialogs.inform(shell, "Cannot connect", "Cannot connect to " + c.label() + ":\n" + why);
            }
        });
    }

    /** First contact (probe) or a pinned certificate that changed: the user decides, before any login. */
    private void certificate(SavedConnection c, byte[] hash, String pin, RemoteLoginException e) {
        String fp = e.fingerprint();
        int answer;
        if (PROBE.equals(pin)) {
            answer = Dialogs.chooseCertificate(shell, "New server certificate", "First connection to " + c.label() + ".",
                    Map.of("Its certificate has the SHA-256 fingerprint", fp),
                    "Compare it with the server's (vpn:connection, or the server's server.crt). If you accept it, it is "
                    + "pinned: the console will refuse any other certificate for this connection.",
                    "Accept and connect", "Cancel");
        } else {
            status("certificate of " + c.label() + " changed: connection refused", true);
            Map<String, String> both = new LinkedHashMap<>();
            both.put("Accepted SHA-256:", pin);
            both.put("Presented now:", fp);
            answer = Dialogs.chooseCertificate(shell, "Certificate changed", "WARNING: the certificate of " + c.label()
                    + " is not the one you accepted before.", both,
                    "Someone may be intercepting the connection, or the server got a new certificate. "
                    + "The connection was stopped before logging in.",
                    "Cancel", "Accept the new certificate");
            answer = answer == 1 ? 0 : 1;
        }
        if (answer != 0 || fp.isEmpty()) {
            Arrays.fill(hash, (byte) 0);
            status("not connected to " + c.label(), false);
            return;
        }
        SavedConnection pinned = c.withFingerprint(fp);
        try {
            store.put(pinned);
        } catch (IOException io) {
            Arrays.fill(hash, (byte) 0);
            Dialogs.inform(shell, "Cannot save", "Cannot write " + store.path() + ": " + io.getMessage());
            return;
        }
        login(pinned, hash, fp);
    }

    private void attach(SavedConnection c, RemoteAdminSession session, OpenServer.Probe probe) {
        TreeItem item = findTreeItem(c.name());
        if (item == null) {
            session.close();
            return;
        }
        OpenServer o = new OpenServer(c, session, item);
        o.probe = probe;
        open.put(c.name(), o);
        item.setText(c.label() + "  ●");
        status("connected to " + c.label() + " over " + session.tls()
                + (session.emptyPassword() ? "; WARNING: its administrator password is empty" : ""), session.emptyPassword());
        if (o.kind == ConnectionKind.HUB_ADMIN) { // no server screens: open on its hub
            syncHubs(o, List.of(c.hub()));
            tree.setSelection(o.hubItems.get(c.hub()));
        } else {
            loadHubs(o);
            tree.setSelection(item);
        }
        showSelected();
        item.setExpanded(true);
    }

    private void loadHubs(OpenServer o) {
        if (o.kind == ConnectionKind.HUB_ADMIN) {
            return;
        }
        ui.background(() -> o.session.admin().hubList(), hubs -> showHubs(o, hubs.stream().map(HubInfo::name).toList()),
                e -> status("cannot list the hubs of " + o.label + ": " + e.getMessage(), true));
    }

    /** The tree's hubs of {@code o} as listed (UI thread); nothing if it is no longer open or sees one hub only. */
    private void showHubs(OpenServer o, List<String> hubs) {
        if (o.kind != ConnectionKind.HUB_ADMIN && open.containsValue(o)) { // the in-process one is not under its name
            syncHubs(o, hubs);
        }
    }

    private void syncHubs(OpenServer o, List<String> hubs) {
        for (String gone : new ArrayList<>(o.hubItems.keySet())) {
            if (hubs.stream().noneMatch(h -> h.equalsIgnoreCase(gone))) {
                o.hubItems.remove(gone).dispose();
                ViewHost v = o.hubViews.remove(gone);
                if (v != null) {
                    if (stack.topControl == v.control()) {
                        stack.topControl = welcome;
                        pages.layout();
                    }
                    v.dispose();
                }
            }
        }
        for (String h : hubs) {
            if (!o.hubItems.containsKey(h)) {
                TreeItem hi = new TreeItem(o.item, SWT.NONE);
                hi.setText("Hub " + h);
                hi.setData("hub", h);
                o.hubItems.put(h, hi);
            }
        }
        o.item.setExpanded(true);
    }

    /** Key of the in-process server in {@link #open} (not a saved connection: no name can hold a NUL). */
    static final String LOCAL = "\u0000local";

    /**
     * The server this console runs in (a console loaded into a server runtime): a node of its own,
     * managed through the in-process admin services, never saved and never disconnected by the user.
     */
    public void addLocal(VpnServerAdmin admin, Supplier<PluginAdmin> plugins) {
        ui.async(() -> {
            if (shell == null || shell.isDisposed() || open.containsKey(LOCAL)) {
                return;
            }
            TreeItem item = new TreeItem(tree, SWT.NONE, 0);
            item.setData("connection", LOCAL);
            SavedConnection self = new SavedConnection("This server", "localhost", 1, "", "", "");
            LocalSession session = new LocalSession(admin, plugins);
            OpenServer o = new OpenServer(self, session, item, "this server");
            open.put(LOCAL, o);
            item.setText("This server (in-process)  ●");
            ui.background(() -> OpenServer.Probe.of(session), probe -> {
                if (open.get(LOCAL) != o || item.isDisposed()) {
                    return;
                }
                o.probe = probe;
                loadHubs(o);
                tree.setSelection(item);
                showSelected();
            }, e -> status("cannot ask this server what it can do: " + e, true));
        });
    }

    public void removeLocal() {
        ui.async(() -> {
            if (shell != null && !shell.isDisposed() && open.containsKey(LOCAL)) {
                OpenServer o = open.get(LOCAL);
                disconnect(LOCAL);
                o.item.dispose();
                showSelected();
            }
        });
    }

    /** Closes the connection's session and its tabs. */
    public void disconnect(String name) {
        OpenServer o = open.remove(name);
        if (o == null) {
            return;
        }
        if (o.serverViews != null && stack.topControl == o.serverViews.control()
                || o.hubViews.values().stream().anyMatch(v -> stack.topControl == v.control())) {
            stack.topControl = welcome;
            pages.layout();
        }
        o.disposeViews();
        o.hubItems.values().forEach(TreeItem::dispose);
        o.hubItems.clear();
        o.session.close();
        if (!o.item.isDisposed()) {
            o.item.setText(o.saved.label());
        }
        status("disconnected from " + o.label, false);
    }

    // ---- pages

    private void showSelected() {
        TreeItem[] sel = tree.getSelection();
        ViewHost host = sel.length == 0 ? null : host(sel[0]);
        stack.topControl = host == null ? welcome : host.control();
        pages.layout();
        if (host != null) {
            host.refresh();
        }
    }

    /** The tabs of a tree item, made on first use; null for a connection that is not open. */
    private ViewHost host(TreeItem item) {
        TreeItem top = item.getParentItem() == null ? item : item.getParentItem();
        OpenServer o = open.get((String) top.getData("connection"));
        if (o == null) {
            return null;
        }
        String hub = (String) item.getData("hub");
        if (hub == null) {
            if (o.serverViews == null) {
                o.serverViews = newHost(o, null);
            }
            return o.serverViews;
        }
        return o.hubViews.computeIfAbsent(hub, h -> newHost(o, h));
    }

    private ViewHost newHost(OpenServer o, String hub) {
        ViewScope scope = hub == null ? ViewScope.SERVER : ViewScope.HUB;
        Context ctx = new Context(o, hub);
        ViewHost h = new ViewHost(pages, ctx);
        views.stream().filter(v -> applies(v, ctx, scope)).sorted(ViewHost.ORDER).forEach(h::add);
        return h;
    }

    private void refresh() {
        TreeItem[] sel = tree.getSelection();
        if (sel.length > 0 && host(sel[0]) != null) {
            host(sel[0]).refresh();
        }
    }

    // ---- tree

    private TreeItem treeItem(SavedConnection c) {
        TreeItem it = new TreeItem(tree, SWT.NONE);
        it.setText(c.label());
        it.setData("connection", c.name());
        return it;
    }

    private TreeItem findTreeItem(String name) {
        for (TreeItem it : tree.getItems()) {
            if (name.equals(it.getData("connection"))) {
                return it;
            }
        }
        return null;
    }

    private void removeTreeItem(String name) {
        TreeItem it = findTreeItem(name);
        if (it != null) {
            it.dispose();
        }
        showSelected();
    }

    void status(String text, boolean error) {
        if (status.isDisposed()) {
            return;
        }
        status.setText(text);
        Color c = error ? status.getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null;
        status.setForeground(c);
        if (error) {
            System.err.println("ethervpn console: " + text);
        }
    }

    /** What a view sees of its node. */
    private final class Context implements ViewContext {
        private final OpenServer o;
        private final String hub;

        Context(OpenServer o, String hub) {
            this.o = o;
            this.hub = hub;
        }

        @Override
        public VpnServerAdmin admin() {
            return o.session.admin();
        }

        @Override
        public PluginAdmin plugins() {
            return o.probe.plugins() ? o.session.plugins() : null;
        }

        @Override
        public Map<String, Long> capabilities() {
            return o.probe.caps();
        }

        @Override
        public ConnectionKind kind() {
            return o.kind;
        }

        @Override
        public String server() {
            return o.label;
        }

        @Override
        public String hub() {
            return hub;
        }

        @Override
        public UiAccess ui() {
            return ui;
        }

        @Override
        public void status(String message) {
            ConsoleWindow.this.status(message, false);
        }

        @Override
        public void error(String message) {
            ConsoleWindow.this.status(message, true);
        }

        @Override
        public void hubsChanged() {
            loadHubs(o);
        }

        @Override
        public void hubsListed(List<String> hubs) {
            showHubs(o, hubs);
        }

        @Override
        public String toString() {
            return o.saved.label() + (hub == null ? "" : " hub " + hub.toUpperCase(Locale.ROOT));
        }
    }
}
