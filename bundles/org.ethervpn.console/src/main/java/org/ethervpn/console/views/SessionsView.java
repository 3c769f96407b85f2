package org.ethervpn.console.views;

import java.util.Comparator;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Shell;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.Dialogs;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** A hub's VPN sessions with their connections and counters; disconnect. */
@Component(service = ConsoleView.class)
public final class SessionsView extends BaseView {
    public SessionsView() {
        super("org.ethervpn.console.sessions", "Sessions", ViewScope.HUB, 20);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        String hub = ctx.hub();
        VpnServerAdmin admin = ctx.admin();
        Group box = DashboardView.group(parent, "Sessions on hub " + hub);
        AdminTable<SessionInfo> sessions = new AdminTable<>(box, "sessions", SessionInfo::name, List.of(
                Column.of("Session", 170, SessionInfo::name),
                Column.of("User", 110, SessionInfo::user),
                Column.of("Remote", 150, SessionInfo::remote),
                Column.of("Client", 170, SessionInfo::client),
                Column.number("TCP", 45, s -> (long) s.connections().size()),
                new Column<>("Since", 150, s -> Ui.time(s.created()),
                        Comparator.comparing(SessionInfo::created, Comparator.nullsFirst(Comparator.naturalOrder()))),
                new Column<>("Received", 90, s -> Ui.bytes(s.bytesIn()), Comparator.comparingLong(SessionInfo::bytesIn)),
                new Column<>("Sent", 90, s -> Ui.bytes(s.bytesOut()), Comparator.comparingLong(SessionInfo::bytesOut)),
                Column.of("Encrypted", 70, s -> s.encrypted() ? "yes" : "no")));
        sessions.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> admin.sessionList(hub), rows -> {
            if (!box.isDisposed()) {
                sessions.setRows(rows);
            }
        });
        Composite bar = Ui.buttons(box);
        Ui.button(bar, "Details…", () -> {
            List<String> names = sessions.selection().stream().map(SessionInfo::name).toList();
            if (names.size() != 1) {
                ctx.error("select one session");
                return;
            }
            Ui.call(ctx, () -> admin.sessionGet(hub, names.get(0)), s -> Dialogs.report(parent.getShell(), "Session "
                    + s.name(), "User " + s.user() + " on hub " + hub, details(s), "OK"));
        });
        Ui.button(bar, "Chart…", () -> {
            List<String> names = sessions.selection().stream().map(SessionInfo::name).toList();
            if (names.size() != 1) {
                ctx.error("select one session");
                return;
            }
            chart(parent.getShell(), ctx, hub, names.get(0));
        });
        Ui.button(bar, "Disconnect selected", () -> {
            List<String> names = sessions.selection().stream().map(SessionInfo::name).toList();
            if (!names.isEmpty() && Dialogs.choose(parent.getShell(), "Disconnect sessions", "Disconnect "
                    + String.join(", ", names) + "? Their clients may reconnect.", "Disconnect", "Cancel") == 0) {
                Ui.each(ctx, "disconnected", names, s -> admin.sessionDisconnect(hub, s), refresh);
            }
        });
        return refresh::run;
    }

    /**
     * One session's throughput in a window of its own (several can be open side by side), polled while
     * the window is open; a session that ends says so in the chart's line.
     */
    private static void chart(Shell owner, ViewContext ctx, String hub, String session) {
        Shell s = new Shell(owner, SWT.SHELL_TRIM);
        s.setText("Traffic of session " + session);
        s.setLayout(new FillLayout());
        ViewPart part = Throughput.create(s, ctx, "Session " + session + " on hub " + hub, () -> {
            SessionInfo i = ctx.admin().sessionGet(hub, session);
            return new Throughput.Sample(i.bytesIn(), i.bytesOut(), 1);
        });
        s.setSize(720, 380);
        s.open();
        part.refresh();
    }

    static String details(SessionInfo s) {
        StringBuilder b = new StringBuilder();
        b.append("Session: ").append(s.name()).append("\nUser: ").append(s.user()).append("\nClient: ").append(s.client())
                .append("\nRemote: ").append(s.remote()).append("\nSince: ").append(Ui.time(s.created()))
                .append("\nTCP connections: ").append(s.connections().size()).append(" of ").append(s.maxConnections())
                .append("\nEncrypted: ").append(s.encrypted()).append(", compressed: ").append(s.compressed())
                .append(", half-duplex: ").append(s.halfDuplex()).append(", QoS: ").append(s.qos())
                .append(", bridge mode: ").append(s.bridgeMode())
                .append("\nReceived: ").append(Ui.bytes(s.bytesIn())).append(" in ").append(s.framesIn()).append(" frames")
                .append("\nSent: ").append(Ui.bytes(s.bytesOut())).append(" in ").append(s.framesOut()).append(" frames")
                .append("\nDropped frames: ").append(s.framesDropped());
        if (!s.node().hostName().isEmpty()) {
            b.append("\nClient host: ").append(s.node().hostName()).append(" (").append(s.node().osName()).append(' ')
                    .append(s.node().osVersion()).append("), client build ").append(s.node().build());
        }
        for (var c : s.connections()) {
            b.append("\n  ").append(c.name()).append(" from ").append(c.remote()).append(", ").append(c.tls())
                    .append(", since ").append(Ui.time(c.connected())).append(", in ").append(Ui.bytes(c.bytesIn()))
                    .append(", out ").append(Ui.bytes(c.bytesOut()));
        }
        return b.toString();
    }
}
