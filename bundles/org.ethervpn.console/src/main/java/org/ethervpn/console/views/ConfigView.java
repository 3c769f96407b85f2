package org.ethervpn.console.views;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/**
 * The server's configuration: view it, save it to a file, import a SoftEther {@code vpn_server.config}
 * (hubs, users with their hashes, cascades...; the server's report is shown).
 */
@Component(service = ConsoleView.class)
public final class ConfigView extends BaseView {
    public ConfigView() {
        super("org.ethervpn.console.config", "Configuration", ViewScope.SERVER, 50);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        VpnServerAdmin admin = ctx.admin();
        Group box = DashboardView.group(parent, "Configuration (as the server would save it now; secrets only as hashes)");
        Text text = new Text(box, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        text.setData("name", "config");
        Font mono = new Font(box.getDisplay(), "Monospace", 9, SWT.NORMAL);
        text.setFont(mono);
        text.addListener(SWT.Dispose, e -> mono.dispose());
        text.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> new String(admin.configGet(), StandardCharsets.UTF_8), t -> {
            if (!text.isDisposed()) {
                text.setText(t);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Save to file…", () -> {
            FileDialog fd = new FileDialog(parent.getShell(), SWT.SAVE);
            fd.setOverwrite(true);
            String path = fd.open();
            if (path != null) {
                try {
                    Path p = Path.of(path);
                    Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
                    Files.writeString(tmp, text.getText());
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    ctx.status("saved to " + p);
                } catch (IOException | RuntimeException e) {
                    ctx.error("cannot save " + path + ": " + e.getMessage());
                }
            }
        });
        Ui.button(bar, "Import SoftEther config…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Import SoftEther configuration",
                    "A SoftEther vpn_server.config on this computer: its hubs, users (same password hashes), cascades, "
                            + "listeners and bridges join this server's configuration (all or nothing).",
                    List.of(Dialogs.Field.text("path", "File", "")), "Import");
            if (in == null) {
                return;
            }
            Path p = Path.of(in.get("path").strip());
            Ui.call(ctx, () -> {
                if (Files.size(p) > 64 << 20) {
                    throw new IOException(p + " is larger than 64 MiB");
                }
                return admin.configImport(Files.readString(p, StandardCharsets.UTF_8));
            }, report -> {
                Dialogs.inform(parent.getShell(), "Imported", String.join("\n", report));
                ctx.hubsChanged();
                refresh.run();
            });
        });
        Ui.button(bar, "Replace configuration…", () -> replace(parent, ctx, refresh));
        return refresh::run;
    }

    /** Replaces the whole configuration from a file (ours or a SoftEther one), after a confirmation; the report is shown. */
    private static void replace(Composite parent, ViewContext ctx, Runnable refresh) {
        Map<String, String> in = Dialogs.form(parent.getShell(), "Replace configuration",
                "A whole configuration on this computer: a server.json (as saved above) or a SoftEther vpn_server.config. "
                        + "It replaces everything on " + ctx.server() + ".",
                List.of(Dialogs.Field.text("path", "File", "")), "Next");
        if (in == null || in.get("path").isBlank()) {
            return;
        }
        Path p = Path.of(in.get("path").strip());
        int answer = Dialogs.choose(parent.getShell(), "Replace the whole configuration?",
                "Replace the configuration of " + ctx.server() + " with " + p + "?\n\nEvery hub, user, listener, cascade "
                        + "and bridge is replaced and every VPN session ends. The server checks the file first and keeps "
                        + "a backup of the old configuration.", "Cancel", "Replace");
        if (answer != 1) {
            return;
        }
        Ui.call(ctx, () -> {
            if (Files.size(p) > 64 << 20) {
                throw new IOException(p + " is larger than 64 MiB");
            }
            return ctx.admin().configSet(Files.readAllBytes(p));
        }, report -> {
            Dialogs.inform(parent.getShell(), "Configuration replaced",
                    report.isEmpty() ? "The configuration was replaced." : String.join("\n", report));
            ctx.hubsChanged();
            refresh.run();
        });
    }
}
