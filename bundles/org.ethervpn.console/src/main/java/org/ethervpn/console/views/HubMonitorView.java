package org.ethervpn.console.views;

import org.eclipse.swt.widgets.Composite;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** Live monitoring of one hub: throughput in and out and sessions, last 10 minutes. */
@Component(service = ConsoleView.class)
public final class HubMonitorView extends BaseView {
    public HubMonitorView() {
        super("org.ethervpn.console.hubmonitor", "Traffic", ViewScope.HUB, 50);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        String hub = ctx.hub();
        return Throughput.create(parent, ctx, "Traffic of hub " + hub, () -> {
            HubInfo h = ctx.admin().hubGet(hub);
            return new Throughput.Sample(h.bytesIn(), h.bytesOut(), h.sessions());
        });
    }
}
