package org.ethervpn.console.views;

import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** Local bridges between hubs and network interfaces of the server's machine: create (from its device list), delete. */
@Component(service = ConsoleView.class)
public final class BridgesView extends BaseView {
    public BridgesView() {
        super("org.ethervpn.console.bridges", "Local bridges", ViewScope.SERVER, 25);
    }

    @Override
    public boolean appliesTo(ViewContext context) {
        return context.can("b_local_bridge");
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        VpnServerAdmin admin = ctx.admin();
        Group box = DashboardView.group(parent, "Local bridges");
        AdminTable<BridgeInfo> table = new AdminTable<>(box, "bridges", b -> b.hub() + "/" + b.device(), List.of(
                Column.of("Hub", 130, BridgeInfo::hub),
                Column.of("Device", 130, b -> b.tap() ? "tap_" + b.device() + " (new TAP)" : b.device()),
                Column.of("Active", 60, b -> b.active() ? "yes" : "no"),
                Column.of("Status", 380, BridgeInfo::status)));
        table.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, admin::bridgeList, rows -> {
            if (!box.isDisposed()) {
                table.setRows(rows);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Create bridge…", () -> Ui.call(ctx, admin::bridgeDeviceList, devices -> {
            Map<String, String> in = Dialogs.form(parent.getShell(), "Create local bridge",
                    "Bridge a hub to a network interface of the server's machine (use a dedicated one). Interfaces there: "
                            + (devices.isEmpty() ? "(none listed)" : String.join(", ", devices)) + ".",
                    List.of(Dialogs.Field.text("hub", "Hub", ctx.hub() == null ? "DEFAULT" : ctx.hub()),
                            Dialogs.Field.text("device", "Interface", devices.isEmpty() ? "" : devices.get(0)),
                            Dialogs.Field.check("tap", "Create a new TAP device tap_<interface> instead", false)), "Create");
            if (in != null) {
                String hub = in.get("hub").strip();
                String device = in.get("device").strip();
                boolean tap = Boolean.parseBoolean(in.get("tap"));
                Ui.call(ctx, () -> {
                    admin.bridgeCreate(hub, device, tap);
                    return device;
                }, d -> {
                    ctx.status("bridge " + hub + " <-> " + d + " created");
                    refresh.run();
                });
            }
        }));
        Ui.button(bar, "Delete", () -> {
            List<BridgeInfo> sel = table.selection();
            if (!sel.isEmpty() && Dialogs.choose(parent.getShell(), "Delete bridges", "Delete " + sel.size()
                    + " local bridge(s)?", "Delete", "Cancel") == 0) {
                Ui.each(ctx, "deleted", sel.stream().map(b -> b.hub() + "\u0000" + b.device()).toList(), k -> {
                    String[] hd = k.split("\u0000", 2);
                    admin.bridgeDelete(hd[0], hd[1]);
                }, refresh);
            }
        });
        return refresh::run;
    }
}
