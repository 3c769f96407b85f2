package org.ethervpn.console.views;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** The server's cipher (from the installed cipher plugins) and its administrator password. */
@Component(service = ConsoleView.class)
public final class EncryptionView extends BaseView {
    public EncryptionView() {
        super("org.ethervpn.console.encryption", "Encryption", ViewScope.SERVER, 40);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        VpnServerAdmin admin = ctx.admin();
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        Group cipherBox = DashboardView.group(root, "Cipher");
        cipherBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Label cipher = new Label(cipherBox, SWT.WRAP);
        cipher.setData("name", "cipher");
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = 600;
        cipher.setLayoutData(gd);
        ServerCipher[] now = {null};
        Runnable refresh = () -> Ui.call(ctx, admin::serverCipherGet, c -> {
            if (!root.isDisposed()) {
                now[0] = c;
                cipher.setText("Plugin: " + (c.provider().isEmpty() ? "(not chosen by the server's protocol)" : c.provider())
                        + (c.providerAvailable() ? "" : " (not installed)")
                        + "\nSuites: " + (c.suites().isEmpty() ? "the plugin's default" : String.join(", ", c.suites()))
                        + "\nInstalled cipher plugins: " + (c.availableProviders().isEmpty()
                                ? "(not reported over the admin RPC; see the Plugins tab)" : String.join(", ", c.availableProviders())));
                root.layout(true, true);
            }
        });
        Ui.button(Ui.buttons(cipherBox), "Change cipher…", () -> {
            ServerCipher c = now[0];
            if (c == null) {
                return;
            }
            Map<String, String> in = Dialogs.form(parent.getShell(), "Server cipher", "Suites this server offers: "
                    + String.join(", ", c.availableSuites()) + ". Empty suites: the plugin's default.", List.of(
                    Dialogs.Field.text("provider", "Cipher plugin", c.provider()),
                    Dialogs.Field.text("suites", "Suites (comma-separated)", String.join(",", c.suites()))), "Set");
            if (in != null) {
                List<String> suites = Arrays.stream(in.get("suites").split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
                Ui.call(ctx, () -> {
                    admin.serverCipherSet(in.get("provider").strip(), suites);
                    return suites;
                }, s -> {
                    ctx.status("cipher set");
                    refresh.run();
                });
            }
        });
        Runnable certRefresh = certificate(root, ctx);
        Group pwBox = DashboardView.group(root, "Administrator password");
        pwBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(pwBox, SWT.WRAP).setText("The server keeps only its SHA-0 hash. A saved connection with the old password "
                + "must be edited afterwards.");
        Ui.button(Ui.buttons(pwBox), "Set password…", () -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Administrator password", "The new password of the "
                    + "server administrator.", List.of(Dialogs.Field.password("password", "Password"),
                    Dialogs.Field.password("again", "Again")), "Set");
            if (in == null) {
                return;
            }
            if (!in.get("password").equals(in.get("again"))) {
                ctx.error("the two passwords differ: nothing changed");
                return;
            }
            char[] pw = in.get("password").toCharArray();
            Ui.call(ctx, () -> {
                try {
                    admin.serverPasswordSet(pw);
                } finally {
                    Arrays.fill(pw, '\0');
                }
                return true;
            }, ok -> ctx.status("administrator password set"));
        });
        return () -> {
            refresh.run();
            certRefresh.run();
        };
    }

    /** The server certificate: subject, issuer, validity, SHA-256 (compare with the pinned one), export to PEM. */
    private static Runnable certificate(Composite root, ViewContext ctx) {
        Group box = DashboardView.group(root, "Server certificate");
        box.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Label text = new Label(box, SWT.WRAP);
        text.setData("name", "certificate");
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = 600;
        text.setLayoutData(gd);
        ServerCertificate[] now = {null};
        Runnable refresh = () -> Ui.call(ctx, () -> ServerCertificate.of(ctx.admin().serverCertificateGet()), c -> {
            if (!box.isDisposed()) {
                now[0] = c;
                text.setText(c.describe());
                root.layout(true, true);
            }
        });
        Ui.button(Ui.buttons(box), "Export PEM…", () -> {
            if (now[0] == null) {
                return;
            }
            FileDialog fd = new FileDialog(root.getShell(), SWT.SAVE);
            fd.setOverwrite(true);
            fd.setFileName("server.crt");
            String path = fd.open();
            if (path != null) {
                export(ctx, now[0], Path.of(path));
            }
        });
        return refresh;
    }

    /** Written atomically (a temporary file moved in place): never a half-written certificate. */
    static void export(ViewContext ctx, ServerCertificate c, Path p) {
        try {
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            Files.writeString(tmp, c.pem(), StandardCharsets.US_ASCII);
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            ctx.status("certificate saved to " + p);
        } catch (IOException | RuntimeException e) {
            ctx.error("cannot save " + p + ": " + e.getMessage());
        }
    }
}
