package org.ethervpn.server;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.ConnectionInfo;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.hub.PortCounters;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.session.TunnelConnection;
import org.ethervpn.session.TunnelSession;

/** VPN sessions and MAC tables of a hub, and the server's TCP connections outside sessions. */
interface SessionsAdmin extends AdminArea {
    @Override
    default List<SessionInfo> sessionList(String hub) {
        HubConfig h = hub(hub);
        HubRuntime r = core().hubs().get(h.name());
        return Stream.concat(r.sessions().stream().map(s -> info(h, s)), r.secureNat().session().stream()).toList();
    }

    @Override
    default SessionInfo sessionGet(String hub, String session) {
        HubConfig h = hub(hub);
        return secureNat(h, session).orElseGet(() -> info(h, session(h, session)));
    }

    /** As SoftEther: the SecureNAT session is stopped by disabling SecureNAT, not disconnected. */
    @Override
    default void sessionDisconnect(String hub, String session) {
        HubConfig h = hub(hub);
        if (secureNat(h, session).isPresent()) {
            throw new AdminException(AdminError.SNAT_CANT_DISCONNECT, "session " + session + " is the SecureNAT of hub "
                    + h.name() + ": it cannot be disconnected; disable SecureNAT to stop it");
        }
        session(h, session).end("disconnected by the administrator");
    }

    private Optional<SessionInfo> secureNat(HubConfig h, String name) {
        return core().hubs().get(h.name()).secureNat().session().filter(s -> s.name().equalsIgnoreCase(name));
    }

    @Override
    default List<MacEntryInfo> macTableList(String hub) {
        HubConfig h = hub(hub);
        return core().hubs().get(h.name()).hub().macTable().stream()
                .map(e -> new MacEntryInfo(h.name(), e.mac(), e.portName(), e.created(), e.lastSeen())).toList();
    }

    @Override
    default List<TcpConnectionInfo> connectionList() {
        return core().context().connections().list();
    }

    @Override
    default TcpConnectionInfo connectionGet(String name) {
        return core().context().connections().get(name).orElseThrow(() -> noConnection(name));
    }

    @Override
    default void connectionDisconnect(String name) {
        if (!core().context().connections().close(name)) {
            throw noConnection(name);
        }
    }

    private AdminException noConnection(String name) {
        return new AdminException(AdminError.OBJECT_NOT_FOUND, "there is no connection " + name
                + " outside VPN sessions (the connections of a session are in SessionGet)");
    }

    private ServerSession session(HubConfig h, String name) {
        ServerSession s = core().hubs().get(h.name()).session(name);
        if (s == null) {
            throw new AdminException(AdminError.OBJECT_NOT_FOUND, "session " + name + " does not exist on hub " + h.name());
        }
        return s;
    }

    private SessionInfo info(HubConfig h, ServerSession s) {
        TunnelSession t = s.tunnel();
        List<ConnectionInfo> conns = t.connections().stream().map(this::info).toList();
        PortCounters pc = s.port().counters();
        var p = t.parameters();
        return new SessionInfo(h.name(), s.name(), s.user(), s.client(), text(s.remote()), s.created(),
                p.maxConnections(), p.encrypted(), p.compressed(), p.halfDuplex(), p.qos(), s.bridgeMode(), conns,
                pc.framesIn(), pc.bytesIn(), pc.framesOut(), pc.bytesOut(), pc.framesDropped(), s.node());
    }

    private ConnectionInfo info(TunnelConnection c) {
        return new ConnectionInfo(c.name(), text(c.remoteAddress()), c.direction().code(), c.tls(),
                c.connected(), c.framesIn(), c.bytesIn(), c.framesOut(), c.bytesOut());
    }
}
