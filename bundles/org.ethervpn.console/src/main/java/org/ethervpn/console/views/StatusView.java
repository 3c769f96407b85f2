package org.ethervpn.console.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** What the server is and what it is doing (vpncmd's ServerInfoGet and ServerStatusGet). */
@Component(service = ConsoleView.class)
public final class StatusView extends BaseView {
    public StatusView() {
        super("org.ethervpn.console.status", "Server status", ViewScope.SERVER, 20);
    }

    private record Row(String item, String value) {
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        VpnServerAdmin admin = ctx.admin();
        Group box = DashboardView.group(parent, "Server " + ctx.server());
        AdminTable<Row> table = new AdminTable<>(box, "status", Row::item,
                List.of(Column.of("Item", 220, Row::item), Column.of("Value", 420, Row::value)));
        table.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> Map.entry(admin.serverInfo(), admin.serverStatus()), r -> {
            if (!box.isDisposed()) {
                table.setRows(rows(r.getKey(), r.getValue()));
            }
        });
        Ui.button(Ui.buttons(box), "Refresh", refresh);
        return refresh::run;
    }

    private static List<Row> rows(ServerInfo i, ServerStatus s) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Product", i.product()));
        rows.add(new Row("Version", i.versionText() + " (compatible with SoftEther " + i.version() + " build " + i.build() + ")"));
        rows.add(new Row("Host name", i.hostName()));
        rows.add(new Row("Operating system", i.osName() + " " + i.osVersion()));
        rows.add(new Row("Type", i.bridge() ? "VPN Bridge" : "VPN Server"));
        rows.add(new Row("Started", Ui.time(s.started())));
        rows.add(new Row("Server time", Ui.time(s.now())));
        rows.add(new Row("Virtual Hubs", Integer.toString(s.hubs())));
        rows.add(new Row("Sessions", Integer.toString(s.sessions())));
        rows.add(new Row("TCP connections", Integer.toString(s.tcpConnections())));
        rows.add(new Row("Users", Integer.toString(s.users())));
        rows.add(new Row("MAC table entries", Integer.toString(s.macEntries())));
        rows.add(new Row("Received", Ui.bytes(s.bytesIn()) + " in " + s.framesIn() + " frames"));
        rows.add(new Row("Sent", Ui.bytes(s.bytesOut()) + " in " + s.framesOut() + " frames"));
        return rows;
    }
}
