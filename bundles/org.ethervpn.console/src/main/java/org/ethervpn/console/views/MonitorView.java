package org.ethervpn.console.views;

import org.eclipse.swt.widgets.Composite;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** Live monitoring of the whole server: throughput in and out and sessions, last 10 minutes. */
@Component(service = ConsoleView.class)
public final class MonitorView extends BaseView {
    public MonitorView() {
        super("org.ethervpn.console.monitor", "Monitor", ViewScope.SERVER, 22);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        return Throughput.create(parent, ctx, "Throughput of " + ctx.server(), () -> {
            ServerStatus s = ctx.admin().serverStatus();
            return new Throughput.Sample(s.bytesIn(), s.bytesOut(), s.sessions());
        });
    }
}
