package org.ethervpn.console.views;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConnectionKind;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** A hub's users: list, create (with a password), set a password, make anonymous, delete. */
@Component(service = ConsoleView.class)
public final class UsersView implements ConsoleView {
    @Override
    public String id() {
        return "org.ethervpn.console.users";
    }

    @Override
    public String title() {
        return "Users";
    }

    @Override
    public Set<ConnectionKind> kinds() {
        return Set.of(ConnectionKind.SERVER_ADMIN, ConnectionKind.HUB_ADMIN);
    }

    @Override
    public ViewScope scope() {
        return ViewScope.HUB;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        String hub = ctx.hub();
        VpnServerAdmin admin = ctx.admin();
        Group box = DashboardView.group(parent, "Users of hub " + hub);
        AdminTable<UserInfo> users = new AdminTable<>(box, "users", UserInfo::name, List.of(
                Column.of("Name", 140, UserInfo::name),
                Column.of("Real name", 160, UserInfo::realName),
                Column.of("Authentication", 110, u -> u.auth().name().toLowerCase()),
                Column.number("Logins", 60, UserInfo::logins),
                new Column<>("Last login", 150, u -> Ui.time(u.lastLogin()),
                        Comparator.comparing(UserInfo::lastLogin, Comparator.nullsFirst(Comparator.naturalOrder()))),
                Column.of("Note", 200, UserInfo::note)));
        users.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> admin.userList(hub), rows -> {
            if (!box.isDisposed()) {
                users.setRows(rows);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Create user…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Create user", "A password user of hub " + hub
                    + " (the password is sent only as SoftEther's hash).", List.of(
                    Dialogs.Field.text("name", "User name", ""), Dialogs.Field.text("realname", "Real name", ""),
                    Dialogs.Field.text("note", "Note", ""), Dialogs.Field.password("password", "Password")), "Create");
            if (in != null) {
                String name = in.get("name").strip();
                char[] pw = in.get("password").toCharArray();
                Ui.call(ctx, () -> {
                    try {
                        admin.userCreate(hub, name, in.get("realname"), in.get("note"));
                        if (pw.length > 0) {
                            admin.userPasswordSet(hub, name, pw);
                        }
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                    return name;
                }, n -> {
                    ctx.status("user " + n + " created on hub " + hub);
                    refresh.run();
                });
            }
        });
        Ui.button(bar, "Set password…", () -> {
            List<String> names = users.selection().stream().map(UserInfo::name).toList();
            if (names.size() != 1) {
                ctx.error("select one user");
                return;
            }
            Map<String, String> in = Dialogs.form(parent.getShell(), "Set password", "New password of " + names.get(0),
                    List.of(Dialogs.Field.password("password", "Password")), "Set");
            if (in != null) {
                char[] pw = in.get("password").toCharArray();
                Ui.each(ctx, "password set", names, u -> {
                    try {
                        admin.userPasswordSet(hub, u, pw);
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                }, refresh);
            }
        });
        Ui.button(bar, "Make anonymous", () -> Ui.each(ctx, "anonymous", names(users), u -> admin.userSetAnonymous(hub, u), refresh));
        Ui.button(bar, "Delete", () -> {
            List<String> names = names(users);
            if (!names.isEmpty() && Dialogs.choose(parent.getShell(), "Delete users", "Delete the users " + String.join(", ", names)
                    + " of hub " + hub + "?", "Delete", "Cancel") == 0) {
                Ui.each(ctx, "deleted", names, u -> admin.userDelete(hub, u), refresh);
            }
        });
        return refresh::run;
    }

    private static List<String> names(AdminTable<UserInfo> t) {
        return t.selection().stream().map(UserInfo::name).toList();
    }
}
