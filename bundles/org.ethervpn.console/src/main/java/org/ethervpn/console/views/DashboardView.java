package org.ethervpn.console.views;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** The server dashboard: its Virtual Hubs and its TCP listeners, with what can be done to them. */
@Component(service = ConsoleView.class)
public final class DashboardView extends BaseView {
    public DashboardView() {
        super("org.ethervpn.console.dashboard", "Hubs and listeners", ViewScope.SERVER, 10);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        Group hubsBox = group(sash, "Virtual Hubs");
        AdminTable<HubInfo> hubs = new AdminTable<>(hubsBox, "hubs", HubInfo::name, List.of(
                Column.of("Name", 130, HubInfo::name),
                Column.of("Status", 60, h -> h.online() ? "Online" : "Offline"),
                Column.number("Users", 50, h -> (long) h.users()),
                Column.number("Sessions", 75, h -> (long) h.sessions()),
                Column.number("MAC", 50, h -> (long) h.macEntries()),
                new Column<>("Last login", 140, h -> Ui.time(h.lastLogin()),
                        Comparator.comparing(HubInfo::lastLogin, Comparator.nullsFirst(Comparator.naturalOrder()))),
                new Column<>("Received", 80, h -> Ui.bytes(h.bytesIn()), Comparator.comparingLong(HubInfo::bytesIn)),
                new Column<>("Sent", 80, h -> Ui.bytes(h.bytesOut()), Comparator.comparingLong(HubInfo::bytesOut)),
                Column.of("Max sessions", 95, h -> h.maxSessions() == 0 ? "no limit" : Integer.toString(h.maxSessions()))));
        hubs.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Group listenersBox = group(sash, "Listeners");
        AdminTable<ListenerInfo> listeners = new AdminTable<>(listenersBox, "listeners", l -> Integer.toString(l.port()), List.of(
                Column.number("Port", 80, l -> (long) l.port()),
                Column.of("Enabled", 80, l -> l.enabled() ? "yes" : "no"),
                Column.of("Status", 300, ListenerInfo::status)));
        listeners.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        sash.setWeights(1, 1);
        VpnServerAdmin admin = ctx.admin();

        Runnable[] refresh = new Runnable[1];
        refresh[0] = () -> Ui.call(ctx, () -> Map.entry(admin.hubList(), admin.listenerList()), r -> {
            if (!sash.isDisposed()) {
                hubs.setRows(r.getKey());
                listeners.setRows(r.getValue());
                // the tree from the same list, in the same UI step: both show a new hub together
                ctx.hubsListed(r.getKey().stream().map(HubInfo::name).toList());
            }
        });
        Composite hb = Ui.buttons(hubsBox);
        Ui.button(hb, "Create hub…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Create hub", "A new Virtual Hub (online, no administrator password).",
                    List.of(Dialogs.Field.text("name", "Hub name", "")), "Create");
            if (in != null) {
                String name = in.get("name").strip();
                Ui.call(ctx, () -> {
                    admin.hubCreate(name);
                    return name;
                }, n -> {
                    ctx.status("hub " + n + " created");
                    refresh[0].run(); // the table and, from the same list, the tree
                });
            }
        });
        Ui.button(hb, "Properties…", () -> {
            List<HubInfo> sel = hubs.selection();
            if (sel.size() != 1) {
                ctx.error("select one hub");
                return;
            }
            // the admin RPC's hub list carries no session limit: ask for the hub itself
            Ui.call(ctx, () -> admin.hubGet(sel.get(0).name()), h -> {
                Map<String, String> in = Dialogs.form(parent.getShell(), "Hub properties", "Hub " + h.name()
                        + ". The administrator password lets a hub administrator log in (vpncmd /HUB:, or a console "
                        + "connection with this hub); leave it empty to keep it.", List.of(
                        Dialogs.Field.text("max", "Max sessions (0: no limit)", Integer.toString(h.maxSessions())),
                        Dialogs.Field.password("password", "Administrator password")), "Apply");
                if (in == null) {
                    return;
                }
                int max;
                try {
                    max = Integer.parseInt(in.get("max").strip());
                    if (max < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    ctx.error("max sessions must be a number, 0 or more: nothing changed");
                    return;
                }
                char[] pw = in.get("password").toCharArray();
                Ui.call(ctx, () -> {
                    try {
                        admin.hubSetMaxSessions(h.name(), max);
                        if (pw.length > 0) {
                            admin.hubPasswordSet(h.name(), pw);
                        }
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                    return h.name();
                }, n -> {
                    ctx.status("hub " + n + " changed");
                    refresh[0].run();
                });
            });
        });
        Ui.button(hb, "Online", () -> Ui.each(ctx, "online", names(hubs), h -> admin.hubSetOnline(h, true), refresh[0]));
        Ui.button(hb, "Offline", () -> Ui.each(ctx, "offline", names(hubs), h -> admin.hubSetOnline(h, false), refresh[0]));
        Ui.button(hb, "Delete", () -> {
            List<String> names = names(hubs);
            if (!names.isEmpty() && Dialogs.choose(parent.getShell(), "Delete hubs", "Delete the hubs " + String.join(", ", names)
                    + " with their users, sessions and cascades?", "Delete", "Cancel") == 0) {
                Ui.each(ctx, "deleted", names, admin::hubDelete, refresh[0]);
            }
        });
        Composite lb = Ui.buttons(listenersBox);
        Ui.button(lb, "Create listener…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Create listener", "A new TCP port for VPN and admin connections.",
                    List.of(Dialogs.Field.text("port", "Port", "")), "Create");
            if (in != null) {
                int port;
                try {
                    port = Integer.parseInt(in.get("port").strip());
                } catch (NumberFormatException e) {
                    ctx.error("the port must be a number 1..65535");
                    return;
                }
                Ui.call(ctx, () -> {
                    admin.listenerCreate(port);
                    return port;
                }, p -> {
                    ctx.status("listener " + p + " created");
                    refresh[0].run();
                });
            }
        });
        Ui.button(lb, "Enable", () -> Ui.each(ctx, "enabled", ports(listeners), p -> admin.listenerSetEnabled(Integer.parseInt(p), true), refresh[0]));
        Ui.button(lb, "Disable", () -> Ui.each(ctx, "disabled", ports(listeners), p -> admin.listenerSetEnabled(Integer.parseInt(p), false), refresh[0]));
        Ui.button(lb, "Delete", () -> {
            List<String> ports = ports(listeners);
            if (!ports.isEmpty() && Dialogs.choose(parent.getShell(), "Delete listeners", "Delete the listeners " + String.join(", ", ports)
                    + "? (Deleting the one this console uses ends its connection.)", "Delete", "Cancel") == 0) {
                Ui.each(ctx, "deleted", ports, p -> admin.listenerDelete(Integer.parseInt(p)), refresh[0]);
            }
        });
        return refresh[0]::run;
    }

    static Group group(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(1, false));
        return g;
    }

    private static List<String> names(AdminTable<HubInfo> t) {
        return t.selection().stream().map(HubInfo::name).toList();
    }

    private static List<String> ports(AdminTable<ListenerInfo> t) {
        return t.selection().stream().map(l -> Integer.toString(l.port())).toList();
    }
}
