package org.ethervpn.console.views;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatTcpState;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.console.AdminTable;
import org.ethervpn.console.AdminTable.Column;
import org.ethervpn.console.api.ViewContext;

/** SecureNAT's NAT session table and DHCP lease table (SoftEther's NatTable and DhcpTable columns), and its counters. */
final class SecureNatTables {
    /** The status counters, in the order {@link #counters} gives their values. */
    static final List<String> COUNTERS = List.of("TCP sessions", "UDP sessions", "ICMP sessions", "DNS sessions",
            "DHCP clients", "Frames dropped", "Flows refused");

    /** A table and how to read it again (the future: when that is over). */
    record Table<T>(AdminTable<T> table, Supplier<CompletableFuture<?>> refresh) {
        Composite control() {
            return table.control();
        }
    }

    private SecureNatTables() {
    }

    static List<String> counters(SecureNatStatus s) {
        return List.of(Integer.toString(s.tcpSessions()), Integer.toString(s.udpSessions()), Integer.toString(s.icmpSessions()),
                Integer.toString(s.dnsSessions()), Integer.toString(s.dhcpClients()), Long.toString(s.framesDropped()),
                Long.toString(s.flowsRefused()));
    }

    static Table<NatEntry> nat(Composite page, ViewContext ctx) {
        String hub = ctx.hub();
        return table(page, ctx, "securenat.nat", e -> Integer.toString(e.id()), List.of(
                Column.number("ID", 35, e -> (long) e.id()),
                Column.of("Protocol", 75, e -> e.protocol().name()),
                Column.of("Source host", 195, e -> host(e.srcHost(), e.srcIp())),
                Column.number("Source port", 100, e -> (long) e.srcPort()),
                Column.of("Destination host", 130, e -> host(e.destHost(), e.destIp())),
                Column.number("Destination port", 130, e -> (long) e.destPort()),
                time("Created", NatEntry::created),
                time("Last communication", NatEntry::lastCommunication),
                new Column<>("Received / sent", 130, e -> Ui.bytes(e.recvBytes()) + " / " + Ui.bytes(e.sendBytes()),
                        Comparator.comparingLong(e -> e.recvBytes() + e.sendBytes())),
                Column.of("TCP state", 100, e -> tcp(e.tcpState()))),
                () -> ctx.admin().natList(hub));
    }

    static Table<DhcpLease> dhcp(Composite page, ViewContext ctx) {
        String hub = ctx.hub();
        return table(page, ctx, "securenat.dhcp", l -> Integer.toString(l.id()), List.of(
                Column.number("ID", 35, l -> (long) l.id()),
                time("Leased", DhcpLease::leased),
                time("Expires", DhcpLease::expires),
                Column.of("MAC address", 135, DhcpLease::mac),
                Column.of("IP address", 105, DhcpLease::ip),
                Column.of("Subnet mask", 105, DhcpLease::mask),
                Column.of("Host name", 110, DhcpLease::hostname)),
                () -> ctx.admin().dhcpList(hub));
    }

    private static <T> Table<T> table(Composite page, ViewContext ctx, String name, Function<T, String> key,
            List<Column<T>> columns, Callable<List<T>> list) {
        AdminTable<T> t = new AdminTable<>(page, name, key, columns);
        t.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Supplier<CompletableFuture<?>> refresh = () -> Ui.call(ctx, list, rows -> {
            if (!page.isDisposed()) {
                t.setRows(rows);
            }
        });
        Ui.button(Ui.buttons(page), "Refresh", refresh::get);
        return new Table<>(t, refresh);
    }

    private static <T> Column<T> time(String title, Function<T, Instant> at) {
        return new Column<>(title, 150, r -> Ui.time(at.apply(r)),
                Comparator.comparing(at, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    /** A host as SoftEther's manager shows it: the name when known, else the address. */
    static String host(String name, String ip) {
        return name == null || name.isEmpty() || name.equals(ip) ? ip : name + " (" + ip + ")";
    }

    static String tcp(NatTcpState s) {
        if (s == null) {
            return "";
        }
        return switch (s) {
            case CONNECTING -> "connecting";
            case SEND_RESET -> "resetting";
            case CONNECTED -> "connected";
            case ESTABLISHED -> "established";
            case WAIT_DISCONNECT -> "closing";
        };
    }
}
