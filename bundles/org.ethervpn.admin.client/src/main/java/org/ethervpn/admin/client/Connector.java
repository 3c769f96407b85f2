package org.ethervpn.admin.client;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.remote.RemoteAdminConnector;
import org.ethervpn.api.remote.RemoteAdminSession;
import org.ethervpn.api.remote.RemoteLoginException;
import org.ethervpn.api.transport.ProxySettings;
import org.osgi.service.component.annotations.Component;

/**
 * {@link RemoteAdminConnector}: any number of independent admin sessions (the console keeps one per
 * open server), each with its own connection, re-login and certificate pin. Unlike
 * {@link RemoteServers} it registers no services: the caller holds the session.
 */
@Component(service = RemoteAdminConnector.class)
public final class Connector implements RemoteAdminConnector {

    @Override
    public RemoteAdminSession open(String host, int port, String hub, byte[] passwordSha0, String pinnedFingerprint)
            throws RemoteLoginException {
        return open(host, port, hub, passwordSha0, pinnedFingerprint, null, null);
    }

    @Override
    public RemoteAdminSession open(String host, int port, String hub, byte[] passwordSha0, String pinnedFingerprint,
            ProxyType proxyType, ProxySettings proxy) throws RemoteLoginException {
        String h = hub == null || hub.isEmpty() ? null : hub;
        if (proxyType != null && proxyType != ProxyType.DIRECT && proxy == null) {
            throw new RemoteLoginException(RemoteLoginException.Reason.UNREACHABLE, "a " + proxyType + " proxy needs an address", "", null);
        }
        try {
            AdminConnection c = AdminConnection.open(host, port, h, passwordSha0, pinnedFingerprint, proxyType, proxy);
            // later logins of this session must see the certificate of this one (through the same proxy)
            Session s = new Session(host, port, h, passwordSha0, c, c.fingerprint(), proxyType, proxy);
            return new Opened(s, c, new RemoteAdmin(s), new RemotePluginAdmin(s));
        } catch (AdminLoginException e) {
            throw new RemoteLoginException(e.reason(), e.getMessage(), e.fingerprint(), e.getCause());
        }
    }

    private record Opened(Session session, AdminConnection first, VpnServerAdmin admin, PluginAdmin plugins)
            implements RemoteAdminSession {
        @Override
        public String server() {
            return first.server();
        }

        @Override
        public String hub() {
            return first.hub();
        }

        @Override
        public String fingerprint() {
            return first.fingerprint();
        }

        @Override
        public String tls() {
            return session.connection().tls();
        }

        @Override
        public boolean emptyPassword() {
            return first.emptyPassword();
        }

        @Override
        public void close() {
            session.close();
        }

        @Override
        public String toString() {
            return "admin session to " + server() + (hub() == null ? "" : " hub " + hub());
        }
    }
}
