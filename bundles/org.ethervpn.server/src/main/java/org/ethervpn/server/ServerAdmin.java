package org.ethervpn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.Sha0;
import org.ethervpn.server.config.CipherConfig;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;

/** The server itself: what it is, its counters, its administrator password and its TLS cipher. */
interface ServerAdmin extends AdminArea {
    /** SoftEther 5.01 build 9674: the version our protocol matches, which admin tools compare against. */
    int SOFTETHER_VERSION = 501;
    int SOFTETHER_BUILD = 9674;

    @Override
    default boolean isBridge() {
        return core().context().options().bridge();
    }

    @Override
    default Map<String, Long> capabilities() {
        return ServerCaps.of(isBridge());
    }

    @Override
    default byte[] serverCertificateGet() {
        try { // the certificate only: its key never leaves through this API
            return core().context().plugins().identity().chain().get(0).getEncoded();
        } catch (CertificateEncodingException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "cannot encode the server certificate");
        }
    }

    @Override
    default ServerInfo serverInfo() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        boolean bridge = core().context().options().bridge();
        return new ServerInfo(bridge ? "EtherVPN Bridge" : "EtherVPN Server", "Version 5.01 Build 9674 (EtherVPN)",
                SOFTETHER_VERSION, SOFTETHER_BUILD, host, bridge, System.getProperty("os.name"),
                System.getProperty("os.version"), core().started());
    }

    @Override
    default ServerStatus serverStatus() {
        int sessions = 0;
        int connections = 0;
        int macs = 0;
        int users = 0;
        long fi = 0, bi = 0, fo = 0, bo = 0;
        ServerConfig c = config();
        for (HubConfig h : c.hubs()) {
            HubInfo i = info(h);
            sessions += i.sessions();
            macs += i.macEntries();
            users += i.users();
            fi += i.framesIn();
            bi += i.bytesIn();
            fo += i.framesOut();
            bo += i.bytesOut();
            HubRuntime r = core().hubs().get(h.name());
            for (ServerSession s : r == null ? List.<ServerSession>of() : r.sessions()) {
                connections += s.tunnel() == null ? 0 : s.tunnel().connectionCount();
            }
        }
        return new ServerStatus(c.hubs().size(), sessions, connections, macs, users, core().started(), Instant.now(), fi, bi,
                fo, bo);
    }

    @Override
    default void serverPasswordSet(char[] password) {
        byte[] utf8 = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            serverPasswordHashSet(Sha0.hash(utf8));
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    @Override
    default void serverPasswordHashSet(byte[] sha0) {
        if (sha0 == null || sha0.length != PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has 20 bytes");
        }
        change(c -> c.withAdminPassword(sha0), c -> { });
    }

    @Override
    default ServerCipher serverCipherGet() {
        CipherConfig c = config().cipher();
        List<CipherSuiteProvider> all = core().context().plugins().ciphers();
        var selected = core().context().plugins().cipher(c.provider());
        return new ServerCipher(c.provider(), c.suites(), selected.isPresent(),
                all.stream().map(CipherSuiteProvider::name).toList(),
                selected.map(CipherSuiteProvider::cipherSuites).orElse(List.of()));
    }

    @Override
    default void serverCipherSet(String provider, List<String> suites) {
        CipherSuiteProvider p = core().context().plugins().cipher(provider).orElseThrow(() -> new AdminException(
                AdminError.OBJECT_NOT_FOUND, "no cipher-suite plugin named " + provider + " is installed (installed: "
                        + core().context().plugins().ciphers().stream().map(CipherSuiteProvider::name).toList() + ")"));
        for (String s : suites) {
            if (!p.cipherSuites().contains(s)) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "plugin " + p.name() + " does not offer " + s
                        + " (it offers " + p.cipherSuites() + ")");
            }
        }
        CipherConfig next = new CipherConfig(p.name(), List.copyOf(suites));
        change(c -> c.withCipher(next), c -> { });
    }
}
