package org.ethervpn.console.views;

import java.util.Comparator;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** TCP connections that are not (yet) part of a VPN session: handshakes and admin connections; disconnect. */
@Component(service = ConsoleView.class)
public final class ConnectionsView extends BaseView {
    public ConnectionsView() {
        super("org.ethervpn.console.connections", "TCP connections", ViewScope.SERVER, 27);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        Group box = DashboardView.group(parent, "TCP connections (handshakes and administration)");
        AdminTable<TcpConnectionInfo> table = new AdminTable<>(box, "connections", TcpConnectionInfo::name, List.of(
                Column.of("Name", 150, TcpConnectionInfo::name),
                Column.of("Remote", 180, c -> c.remoteHost() + ":" + c.remotePort()),
                new Column<>("Connected", 150, c -> Ui.time(c.connected()),
                        Comparator.comparing(TcpConnectionInfo::connected, Comparator.nullsFirst(Comparator.naturalOrder()))),
                Column.of("Type", 110, TcpConnectionInfo::type),
                Column.of("Client", 240, TcpConnectionInfo::client)));
        table.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> ctx.admin().connectionList(), rows -> {
            if (!box.isDisposed()) {
                table.setRows(rows);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Refresh", refresh);
        Ui.button(bar, "Disconnect selected", () -> {
            List<String> names = table.selection().stream().map(TcpConnectionInfo::name).toList();
            if (!names.isEmpty() && Dialogs.choose(parent.getShell(), "Disconnect", "Close the TCP connections "
                    + String.join(", ", names) + "? (One of them may be this console's own.)", "Disconnect", "Cancel") == 0) {
                Ui.each(ctx, "disconnected", names, n -> ctx.admin().connectionDisconnect(n), refresh);
            }
        });
        return refresh::run;
    }
}
