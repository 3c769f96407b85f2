package org.ethervpn.console.views;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/**
 * A hub's SecureNAT (SoftEther's "Virtual NAT and Virtual DHCP Server" dialog): on/off with what it
 * is for, its status, its settings, the NAT sessions and the DHCP leases. The status and the two
 * tables are read again every {@link #PERIOD_MS} ms while they are on screen, never while hidden.
 */
@Component(service = ConsoleView.class)
public final class SecureNatView extends BaseView {
    static final int PERIOD_MS = 5000;

    static final String WARNING = "SecureNAT gives this hub a virtual router: a host with its own address on the hub, "
            + "a DHCP server that hands out addresses, and a NAT that lets VPN users reach whatever this server itself "
            + "can reach, through the server's own connections. It is meant for hubs whose users have no bridge to a "
            + "LAN. Do not turn it on for a hub that is bridged to a LAN with a DHCP server of its own: two DHCP "
            + "servers on one network hand out clashing addresses (or switch the virtual DHCP server off in Settings). "
            + "Turn it on only if you administer the networks this server can reach.";

    public SecureNatView() {
        super("org.ethervpn.console.securenat", "SecureNAT", ViewScope.HUB, 35);
    }

    @Override
    public boolean appliesTo(ViewContext context) {
        return context.can("b_support_securenat");
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        String hub = ctx.hub();
        VpnServerAdmin admin = ctx.admin();
        CTabFolder pages = new CTabFolder(parent, SWT.TOP | SWT.FLAT);
        pages.setData("name", "securenat.pages");

        Composite statusPage = page(pages, "Status");
        Group onOff = DashboardView.group(statusPage, "SecureNAT of hub " + hub);
        onOff.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Label state = new Label(onOff, SWT.WRAP);
        state.setData("name", "securenat.state");
        state.setLayoutData(wide(600));
        Font bold = bold(state);
        state.setFont(bold);
        Label warning = new Label(onOff, SWT.WRAP);
        warning.setText(WARNING);
        warning.setLayoutData(wide(600));
        Composite switches = Ui.buttons(onOff);
        Group countersBox = DashboardView.group(statusPage, "Status");
        countersBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        countersBox.setLayout(new GridLayout(2, false));
        Label[] counters = new Label[SecureNatTables.COUNTERS.size()];
        for (int i = 0; i < counters.length; i++) {
            new Label(countersBox, SWT.NONE).setText(SecureNatTables.COUNTERS.get(i) + ":");
            counters[i] = new Label(countersBox, SWT.NONE);
            counters[i].setData("name", "securenat.counter." + i);
            counters[i].setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        }
        Supplier<CompletableFuture<?>> loadStatus = () -> load(ctx, state, () -> admin.secureNatStatus(hub), s -> {
            state.setText("SecureNAT: " + s.state());
            List<String> values = SecureNatTables.counters(s);
            for (int i = 0; i < counters.length; i++) {
                counters[i].setText(values.get(i));
            }
            statusPage.layout(true, true);
        });

        Composite settingsPage = page(pages, "Settings");
        Label dirty = new Label(settingsPage, SWT.NONE);
        dirty.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        SecureNatSettings form = new SecureNatSettings(settingsPage, !ctx.capabilities().getOrDefault("b_virtual_nat_disabled", 0L)
                .equals(1L), () -> dirty.setText("Changed: Save applies the settings (a running SecureNAT restarts with them)."));
        form.control().setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Runnable loadSettings = () -> load(ctx, dirty, () -> admin.secureNatOptionGet(hub), o -> {
            form.show(o);
            dirty.setText("");
        });
        Composite saveBar = Ui.buttons(settingsPage);
        Ui.button(saveBar, "Save", () -> save(ctx, form, dirty, hub, loadSettings));
        Ui.button(saveBar, "Revert", loadSettings);

        SecureNatTables.Table<?> nat = SecureNatTables.nat(page(pages, "NAT sessions"), ctx);
        SecureNatTables.Table<?> dhcp = SecureNatTables.dhcp(page(pages, "DHCP leases"), ctx);

        Ui.button(switches, "Enable SecureNAT", () -> enable(ctx, hub, onOff, loadStatus::get));
        Ui.button(switches, "Disable SecureNAT", () -> {
            if (Dialogs.choose(onOff.getShell(), "Disable SecureNAT", "Turn SecureNAT of hub " + hub + " off? Its NAT "
                    + "sessions end at once; DHCP clients keep their addresses until their leases run out.",
                    "Disable SecureNAT", "Cancel") == 0) {
                Ui.call(ctx, () -> {
                    admin.secureNatSetEnabled(hub, false);
                    return hub;
                }, h -> {
                    ctx.status("SecureNAT of hub " + h + " disabled");
                    loadStatus.get();
                });
            }
        });
        Ui.button(switches, "Refresh", loadStatus::get);

        // what is on screen is read again every PERIOD_MS; the settings only on request (they may hold edits)
        Supplier<CompletableFuture<?>> visible = () -> statusPage.isVisible() ? loadStatus.get()
                : nat.control().isVisible() ? nat.refresh().get()
                : dhcp.control().isVisible() ? dhcp.refresh().get() : CompletableFuture.completedFuture(null);
        pages.addListener(SWT.Selection, e -> visible.get());
        pages.setSelection(0);
        boolean[] polling = {false};
        CompletableFuture<?>[] last = {CompletableFuture.completedFuture(null)};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (pages.isDisposed()) {
                return;
            }
            boolean failed = last[0].isCompletedExceptionally();
            if (pages.isVisible() && last[0].isDone()) { // never a second call while one is still waiting
                last[0] = visible.get();
            }
            pages.getDisplay().timerExec(failed ? PERIOD_MS * 6 : PERIOD_MS, tick[0]); // a failing server: asked less often
        };
        pages.addListener(SWT.Dispose, e -> bold.dispose());
        return () -> {
            if (!form.dirty()) {
                loadSettings.run();
            }
            visible.get();
            if (!polling[0]) {
                polling[0] = true;
                pages.getDisplay().timerExec(PERIOD_MS, tick[0]);
            }
        };
    }

    /** Confirms with what SecureNAT is for (naming the hub's local bridges, if any), then turns it on. */
    private static void enable(ViewContext ctx, String hub, Control near, Runnable after) {
        Ui.call(ctx, () -> bridges(ctx.admin(), hub), bridged -> {
            String msg = WARNING + (bridged.isEmpty() ? "" : "\n\nThis hub is bridged to " + String.join(", ", bridged)
                    + " on the server: if that network has a DHCP server, switch the virtual DHCP server off first.");
            if (Dialogs.choose(near.getShell(), "Enable SecureNAT", msg, "Enable SecureNAT", "Cancel") == 0) {
                Ui.call(ctx, () -> {
                    ctx.admin().secureNatSetEnabled(hub, true);
                    return hub;
                }, h -> {
                    ctx.status("SecureNAT of hub " + h + " enabled");
                    after.run();
                });
            }
        });
    }

    /** The devices {@code hub} is locally bridged to; none where the server will not say (a hub administrator, no bridges). */
    private static List<String> bridges(VpnServerAdmin admin, String hub) {
        try {
            return admin.bridgeList().stream().filter(b -> b.hub().equalsIgnoreCase(hub)).map(b -> b.device()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Reads the form and saves it; a field the server refuses gets its message under it. */
    private static void save(ViewContext ctx, SecureNatSettings form, Label dirty, String hub, Runnable reload) {
        form.clearErrors();
        SecureNatOptions o;
        try {
            o = form.read();
        } catch (SecureNatSettings.Invalid e) {
            form.error(e.field, e.getMessage());
            ctx.error("SecureNAT settings not saved: " + e.field + " must be " + e.getMessage());
            return;
        }
        ctx.ui().background(() -> {
            ctx.admin().secureNatOptionSet(hub, o);
            return hub;
        }, h -> {
            form.saved();
            ctx.status("SecureNAT settings of hub " + h + " saved");
            reload.run();
        }, err -> {
            String msg = Ui.message(err);
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            boolean invalid = t instanceof AdminException a && a.error() == AdminError.INVALID_PARAMETER;
            String field = invalid ? SecureNatSettings.fieldOf(msg, hub) : null;
            form.error(field, field != null ? SecureNatSettings.fromField(msg, field)
                    : invalid ? msg + " (the server did not say which setting)" : msg);
            dirty.setText("Not saved: nothing was changed on the server.");
            ctx.error(msg);
        });
    }

    /** Runs {@code work} off the UI thread, then {@code done} while {@code owner} is still there; a failure goes to the status line. */
    private static <T> CompletableFuture<T> load(ViewContext ctx, Control owner, Callable<T> work, Consumer<T> done) {
        return Ui.call(ctx, work, v -> {
            if (!owner.isDisposed()) {
                done.accept(v);
            }
        });
    }

    private static Composite page(CTabFolder pages, String title) {
        CTabItem item = new CTabItem(pages, SWT.NONE);
        item.setText(title);
        Composite c = new Composite(pages, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        c.setData("name", "securenat.page." + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        item.setControl(c);
        return c;
    }

    private static GridData wide(int width) {
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = width;
        return gd;
    }

    private static Font bold(Control c) {
        FontData[] fd = c.getFont().getFontData();
        for (FontData d : fd) {
            d.setStyle(SWT.BOLD);
        }
        return new Font(c.getDisplay(), fd);
    }
}
