package org.ethervpn.console.views;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** A hub's cascades (links to a hub of another server): create, password, online, offline, delete. */
@Component(service = ConsoleView.class)
public final class CascadesView extends BaseView {
    public CascadesView() {
        super("org.ethervpn.console.cascades", "Cascades", ViewScope.HUB, 30);
    }

    @Override
    public boolean appliesTo(ViewContext context) {
        return context.can("b_support_cascade");
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        String hub = ctx.hub();
        VpnServerAdmin admin = ctx.admin();
        Group box = DashboardView.group(parent, "Cascades of hub " + hub);
        AdminTable<CascadeInfo> table = new AdminTable<>(box, "cascades", CascadeInfo::name, List.of(
                Column.of("Name", 120, CascadeInfo::name),
                Column.of("Server", 170, CascadeInfo::server),
                Column.of("Remote hub", 100, CascadeInfo::remoteHub),
                Column.of("User", 100, CascadeInfo::user),
                Column.of("Online", 60, c -> c.online() ? "yes" : "no"),
                Column.of("Status", 150, CascadeInfo::status),
                Column.of("Last error", 220, CascadeInfo::lastError)));
        table.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> admin.cascadeList(hub), rows -> {
            if (!box.isDisposed()) {
                table.setRows(rows);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Create cascade…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Create cascade", "A link from hub " + hub
                    + " to a hub of another VPN server (created offline; it goes online when you say so).", List.of(
                    Dialogs.Field.text("name", "Cascade name", ""), Dialogs.Field.text("server", "Server (host:port)", ""),
                    Dialogs.Field.text("hub", "Remote hub", "DEFAULT"), Dialogs.Field.text("user", "User", ""),
                    Dialogs.Field.password("password", "Password")), "Create");
            if (in != null) {
                char[] pw = in.get("password").toCharArray();
                String name = in.get("name").strip();
                Ui.call(ctx, () -> {
                    try {
                        admin.cascadeCreate(hub, name, in.get("server").strip(), in.get("hub").strip(), in.get("user").strip());
                        if (pw.length > 0) {
                            admin.cascadePasswordSet(hub, name, pw);
                        }
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                    return name;
                }, n -> {
                    ctx.status("cascade " + n + " created on hub " + hub);
                    refresh.run();
                });
            }
        });
        Ui.button(bar, "Set password…", () -> {
            List<String> names = names(table);
            if (names.size() != 1) {
                ctx.error("select one cascade");
                return;
            }
            Map<String, String> in = Dialogs.form(parent.getShell(), "Cascade password", "Password of cascade " + names.get(0),
                    List.of(Dialogs.Field.password("password", "Password")), "Set");
            if (in != null) {
                char[] pw = in.get("password").toCharArray();
                Ui.each(ctx, "password set", names, c -> {
                    try {
                        admin.cascadePasswordSet(hub, c, pw);
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                }, refresh);
            }
        });
        Ui.button(bar, "Online", () -> Ui.each(ctx, "online", names(table), c -> admin.cascadeSetOnline(hub, c, true), refresh));
        Ui.button(bar, "Offline", () -> Ui.each(ctx, "offline", names(table), c -> admin.cascadeSetOnline(hub, c, false), refresh));
        Ui.button(bar, "Delete", () -> {
            List<String> names = names(table);
            if (!names.isEmpty() && Dialogs.choose(parent.getShell(), "Delete cascades", "Delete the cascades "
                    + String.join(", ", names) + " of hub " + hub + "?", "Delete", "Cancel") == 0) {
                Ui.each(ctx, "deleted", names, c -> admin.cascadeDelete(hub, c), refresh);
            }
        });
        return refresh::run;
    }

    private static List<String> names(AdminTable<CascadeInfo> t) {
        return t.selection().stream().map(CascadeInfo::name).toList();
    }
}
