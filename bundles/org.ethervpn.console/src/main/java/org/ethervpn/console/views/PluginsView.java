package org.ethervpn.console.views;

import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/**
 * Our servers' plugins (EtherVPN's {@code Ev*} admin methods): installed plugins by kind, install a
 * jar (a local file is uploaded), uninstall a hot-installed one. A SoftEther server has no plugin
 * registry: the view then says so in place of the table, not in an error box.
 */
@Component(service = ConsoleView.class)
public final class PluginsView extends BaseView {
    public PluginsView() {
        super("org.ethervpn.console.plugins", "Plugins", ViewScope.SERVER, 30);
    }

    @Override
    public boolean appliesTo(ViewContext context) {
        return context.plugins() != null; // a SoftEther server answers our plugin methods "not supported"
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        Group box = DashboardView.group(parent, "Plugins of " + ctx.server());
        Label note = new Label(box, SWT.WRAP);
        note.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        note.setData("name", "plugins.note");
        AdminTable<PluginInfo> table = new AdminTable<>(box, "plugins", p -> p.kind() + "/" + p.name(), List.of(
                Column.of("Kind", 85, p -> p.kind().label()),
                Column.of("Name", 80, PluginInfo::name),
                Column.of("Origin", 75, p -> p.builtIn() ? "built in" : "installed"),
                Column.of("Description", 330, PluginInfo::description),
                Column.of("Bundle", 210, PluginInfo::bundle),
                Column.of("Version", 150, PluginInfo::version)));
        table.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> ctx.ui().background(() -> plugins(ctx).plugins(), rows -> {
            if (!box.isDisposed()) {
                note.setText("Cipher suites, compression, QoS, transports and adapters are plugins; "
                        + "installing or uninstalling one takes effect at once.");
                table.setRows(rows);
                box.layout(true, true);
            }
        }, e -> {
            if (!box.isDisposed()) { // e.g. a SoftEther server: not an error of the user's
                note.setText("This server has no plugin registry (" + Ui.message(e) + ").");
                table.setRows(List.of());
                box.layout(true, true);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Install…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Install plugin",
                    "A plugin jar: a file on this computer (it is uploaded) or a location on the server.",
                    List.of(Dialogs.Field.text("path", "Jar", "")), "Install");
            if (in != null) {
                install(ctx, in.get("path").strip(), refresh);
            }
        });
        Ui.button(bar, "Choose a file…", () -> {
            FileDialog fd = new FileDialog(parent.getShell(), SWT.OPEN);
            fd.setFilterExtensions(new String[] {"*.jar", "*"});
            String path = fd.open();
            if (path != null) {
                install(ctx, path, refresh);
            }
        });
        Ui.button(bar, "Uninstall", () -> {
            List<String> bundles = table.selection().stream().filter(p -> !p.builtIn()).map(PluginInfo::bundle).distinct().toList();
            if (bundles.isEmpty()) {
                ctx.error("select hot-installed plugins (built-in ones cannot be uninstalled)");
                return;
            }
            if (Dialogs.choose(parent.getShell(), "Uninstall plugins", "Uninstall " + String.join(", ", bundles) + "?",
                    "Uninstall", "Cancel") == 0) {
                Ui.each(ctx, "uninstalled", bundles, b -> {
                    try {
                        plugins(ctx).uninstall(b);
                    } catch (PluginException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, refresh);
            }
        });
        return refresh::run;
    }

    private static void install(ViewContext ctx, String path, Runnable refresh) {
        if (path.isEmpty()) {
            ctx.error("name a jar file");
            return;
        }
        Ui.call(ctx, () -> plugins(ctx).install(path), (PluginBundleInfo b) -> {
            ctx.status("installed " + b.bundle() + " " + b.version() + " (" + b.state() + ")"
                    + (b.plugins().isEmpty() ? "" : ": " + String.join(", ", b.plugins().stream()
                            .map(p -> p.kind().label() + " " + p.name()).toList())));
            refresh.run();
        });
    }

    private static PluginAdmin plugins(ViewContext ctx) {
        PluginAdmin p = ctx.plugins();
        if (p == null) {
            throw new IllegalStateException("no plugin registry in this runtime");
        }
        return p;
    }
}
