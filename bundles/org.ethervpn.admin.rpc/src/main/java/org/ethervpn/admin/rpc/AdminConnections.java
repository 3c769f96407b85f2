package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.rpc.Fields.time;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.pack.Pack;

import io.netty.channel.Channel;

/**
 * The admin connections open now, for SoftEther's EnumConnection / GetConnectionInfo /
 * DisconnectConnection (spec §5.5: only connections that are not part of a VPN session are listed,
 * and admin RPC connections are type 5). Session connections are in SessionList.
 */
final class AdminConnections {
    /** SoftEther's CONNECTION_TYPE_ADMIN_RPC. */
    static final int TYPE_ADMIN_RPC = 5;

    private record Entry(String name, Channel channel, Instant since, String client) {
    }

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    /** Registers {@code channel} until it closes; returns its name ("ADMIN-n"). */
    String add(Channel channel, String client) {
        String name = "ADMIN-" + counter.incrementAndGet();
        open.put(name, new Entry(name, channel, Instant.now(), client));
        channel.closeFuture().addListener(f -> open.remove(name));
        return name;
    }

    void register(Dispatcher d) {
        d.add("EnumConnection", Rights.SERVER, null, (req, who) -> {
            Pack p = new Pack().beginJsonGroup("ConnectionList");
            for (Entry e : open.values()) {
                InetSocketAddress remote = (InetSocketAddress) e.channel().remoteAddress();
                p.appendStr("Name", e.name()).appendIp("Ip", remote.getAddress()).appendInt("Port", remote.getPort())
                        .appendStr("Hostname", remote.getAddress().getHostAddress())
                        .appendTime64("ConnectedTime", time(e.since())).appendInt("Type", TYPE_ADMIN_RPC);
            }
            return p.endJsonGroup();
        });
        d.add("GetConnectionInfo", Rights.SERVER, null, (req, who) -> {
            Entry e = entry(req.getStr("Name"));
            InetSocketAddress remote = (InetSocketAddress) e.channel().remoteAddress();
            return new Pack().addStr("Name", e.name()).addIp("Ip", remote.getAddress()).addInt("Port", remote.getPort())
                    .addTime64("ConnectedTime", time(e.since())).addStr("Hostname", remote.getAddress().getHostAddress())
                    .addStr("ServerStr", "EtherVPN Server").addStr("ClientStr", e.client())
                    .addInt("ServerVer", 501).addInt("ServerBuild", 9674).addInt("ClientVer", 0).addInt("ClientBuild", 0)
                    .addInt("Type", TYPE_ADMIN_RPC);
        });
        d.add("DisconnectConnection", Rights.SERVER, null, (req, who) -> {
            entry(req.getStr("Name")).channel().close();
            return Fields.echo(req);
        });
    }

    private Entry entry(String name) {
        Entry e = open.get(name);
        if (e == null) {
            throw new AdminException(AdminError.OBJECT_NOT_FOUND, "there is no admin connection " + name
                    + " (VPN session connections are in SessionList)");
        }
        return e;
    }
}
