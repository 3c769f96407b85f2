package org.ethervpn.console.views;

import java.util.Comparator;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.osgi.service.component.annotations.Component;

/** A hub's MAC address table: which session each learned address is behind. */
@Component(service = ConsoleView.class)
public final class MacTableView extends BaseView {
    public MacTableView() {
        super("org.ethervpn.console.mactable", "MAC table", ViewScope.HUB, 40);
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        String hub = ctx.hub();
        Group box = DashboardView.group(parent, "MAC address table of hub " + hub);
        AdminTable<MacEntryInfo> table = new AdminTable<>(box, "mactable", m -> m.mac() + "/" + m.session(), List.of(
                Column.of("MAC address", 150, MacEntryInfo::mac),
                Column.of("Session", 220, MacEntryInfo::session),
                new Column<>("Learned", 150, m -> Ui.time(m.created()),
                        Comparator.comparing(MacEntryInfo::created, Comparator.nullsFirst(Comparator.naturalOrder()))),
                new Column<>("Last seen", 150, m -> Ui.time(m.lastSeen()),
                        Comparator.comparing(MacEntryInfo::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))));
        table.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Runnable refresh = () -> Ui.call(ctx, () -> ctx.admin().macTableList(hub), rows -> {
            if (!box.isDisposed()) {
                table.setRows(rows);
            }
        });
        Ui.button(Ui.buttons(box), "Refresh", refresh);
        return refresh::run;
    }
}
