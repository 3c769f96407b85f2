package org.ethervpn.console.views;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** A hub's users: list, create (with a password), set a password, make anonymous, delete. */
@Component(service = ConsoleView.class)
public final class UsersView extends BaseView {
    public UsersView() {
        super("org.ethervpn.console.users", "Users", ViewScope.HUB, 10);
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
        Ui.button(bar, "Edit…", () -> {
            List<UserInfo> sel = users.selection();
            if (sel.size() != 1) {
                ctx.error("select one user");
                return;
            }
            UserInfo u = sel.get(0);
            Map<String, String> in = Dialogs.form(parent.getShell(), "Edit user", "User " + u.name() + " of hub " + hub
                    + (u.created() == null ? "" : ", created " + Ui.time(u.created())) + ".", List.of(
                    Dialogs.Field.text("realname", "Real name", u.realName()), Dialogs.Field.text("note", "Note", u.note())), "Apply");
            if (in != null) {
                Ui.call(ctx, () -> {
                    admin.userSetInfo(hub, u.name(), in.get("realname"), in.get("note"));
                    return u.name();
                }, n -> {
                    ctx.status("user " + n + " changed");
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
        Ui.button(bar, "Import CSV…", () -> importCsv(parent, ctx, refresh));
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

    /** Bulk entry: the file, a preview of every line, then one result per line. */
    private static void importCsv(Composite parent, ViewContext ctx, Runnable refresh) {
        String hub = ctx.hub();
        Map<String, String> in = Dialogs.form(parent.getShell(), "Import users", "A CSV file on this computer: "
                + "name,password[,real name[,note]] per line (a header line \"name,...\" and # comments are skipped).",
                List.of(Dialogs.Field.text("path", "File", "")), "Preview");
        if (in == null) {
            return;
        }
        Path p = Path.of(in.get("path").strip());
        Ui.call(ctx, () -> {
            if (Files.size(p) > 16 << 20) {
                throw new IOException(p + " is larger than 16 MiB");
            }
            return CsvUsers.parse(Files.readString(p));
        }, rows -> {
            List<CsvUsers.Row> good = rows.stream().filter(CsvUsers.Row::ok).toList();
            String preview = String.join("\n", rows.stream().map(CsvUsers.Row::toString).toList());
            if (good.isEmpty()) {
                Dialogs.report(parent.getShell(), "Import users", "No user to import from " + p + ".", preview, "OK");
                return;
            }
            if (Dialogs.report(parent.getShell(), "Import users", good.size() + " user(s) to create on hub " + hub
                    + (good.size() < rows.size() ? "; " + (rows.size() - good.size()) + " line(s) will be skipped" : "")
                    + ".", preview, "Import " + good.size() + " user(s)", "Cancel") != 0) {
                return;
            }
            VpnServerAdmin admin = ctx.admin();
            ctx.status("importing " + good.size() + " user(s)…");
            Ui.call(ctx, () -> {
                List<String> result = new ArrayList<>();
                int created = 0;
                for (CsvUsers.Row r : rows) {
                    if (!r.ok()) {
                        result.add("line " + r.line() + ": skipped: " + r.error());
                        continue;
                    }
                    char[] pw = r.password().toCharArray();
                    try {
                        admin.userCreate(hub, r.name(), r.realName(), r.note());
                        if (pw.length > 0) {
                            admin.userPasswordSet(hub, r.name(), pw);
                        }
                        created++;
                        result.add("line " + r.line() + ": " + r.name() + " created");
                    } catch (RuntimeException e) {
                        result.add("line " + r.line() + ": " + r.name() + ": " + Ui.message(e));
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                }
                return Map.entry(created, result);
            }, done -> {
                ctx.status(done.getKey() + " of " + rows.size() + " line(s) imported to hub " + hub);
                refresh.run();
                Dialogs.report(parent.getShell(), "Import result", done.getKey() + " user(s) created on hub " + hub + ".",
                        String.join("\n", done.getValue()), "OK");
            });
        });
    }

    private static List<String> names(AdminTable<UserInfo> t) {
        return t.selection().stream().map(UserInfo::name).toList();
    }
}
