package org.ethervpn.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.ConnectionInfo;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.hub.PortCounters;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.server.config.BridgeConfig;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.server.config.CipherConfig;
import org.ethervpn.server.config.ConfigException;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ListenerConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.SoftEtherConfigText;
import org.ethervpn.server.config.SoftEtherFolder;
import org.ethervpn.server.config.SoftEtherImport;
import org.ethervpn.server.config.UserAuthType;
import org.ethervpn.server.config.UserConfig;
import org.ethervpn.session.TunnelConnection;
import org.ethervpn.session.TunnelSession;

/** {@link VpnServerAdmin} over the {@link ServerCore}: validation, persistence, then the running state. */
final class Admin implements VpnServerAdmin {
    private final ServerCore core;

    Admin(ServerCore core) {
        this.core = core;
    }

    // ---------------------------------------------------------------- hubs

    @Override
    public List<HubInfo> hubList() {
        return config().hubs().stream().map(this::info).toList();
    }

    @Override
    public HubInfo hubGet(String hub) {
        return info(hub(hub));
    }

    @Override
    public void hubCreate(String hub) {
        refuseOnBridge("create a virtual hub");
        if (config().hub(hub).isPresent()) {
            throw new AdminException(AdminError.HUB_ALREADY_EXISTS, "hub " + hub + " already exists");
        }
        HubConfig h = newHub(hub);
        change(c -> replaceHub(c, null, h), c -> core.addHubRuntime(h));
    }

    @Override
    public void hubDelete(String hub) {
        refuseOnBridge("delete a virtual hub");
        HubConfig h = hub(hub);
        change(c -> replaceHub(c, h.name(), null), c -> core.removeHubRuntime(h.name()));
    }

    @Override
    public void hubSetOnline(String hub, boolean online) {
        HubConfig h = hub(hub);
        HubConfig next = h.withOnline(online);
        change(c -> replaceHub(c, h.name(), next), c -> {
            HubRuntime r = core.hubRuntime(h.name());
            r.hub().setOnline(online);
            if (!online) {
                for (ServerSession s : r.sessions()) {
                    s.end("hub " + h.name() + " was taken offline");
                }
            }
        });
    }

    @Override
    public void hubSetMaxSessions(String hub, int maxSessions) {
        if (maxSessions < 0) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "the maximum number of sessions must be 0 or more");
        }
        HubConfig h = hub(hub);
        HubConfig next = h.withMaxSessions(maxSessions);
        change(c -> replaceHub(c, h.name(), next), c -> { });
    }

    @Override
    public void hubSetHidden(String hub, boolean hidden) {
        HubConfig h = hub(hub);
        if (h.hidden() != hidden) {
            HubConfig next = h.withHidden(hidden);
            change(c -> replaceHub(c, h.name(), next), c -> { });
        }
    }

    @Override
    public void hubPasswordSet(String hub, char[] password) {
        byte[] utf8 = new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            hubPasswordHashSet(hub, org.ethervpn.protocol.Sha0.hash(utf8));
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    @Override
    public void hubPasswordHashSet(String hub, byte[] sha0) {
        if (sha0 == null || sha0.length != org.ethervpn.protocol.PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has 20 bytes");
        }
        HubConfig h = hub(hub);
        change(c -> replaceHub(c, h.name(), c.hub(h.name()).orElseThrow().withAdminPassword(sha0)), c -> { });
    }

    // ---------------------------------------------------------------- users

    @Override
    public List<UserInfo> userList(String hub) {
        HubConfig h = hub(hub);
        return h.users().stream().map(u -> info(h, u)).toList();
    }

    @Override
    public UserInfo userGet(String hub, String user) {
        HubConfig h = hub(hub);
        return info(h, user(h, user));
    }

    @Override
    public void userCreate(String hub, String user, String realName, String note) {
        HubConfig h = hub(hub);
        if (h.user(user).isPresent()) {
            throw new AdminException(AdminError.USER_ALREADY_EXISTS, "user " + user + " already exists on hub " + h.name());
        }
        UserConfig u;
        try {
            u = new UserConfig(user, UserAuthType.PASSWORD, null, nz(realName), nz(note), Instant.now(), 0, null);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
        putUser(h, null, u);
    }

    @Override
    public void userDelete(String hub, String user) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), null);
    }

    @Override
    public void userPasswordSet(String hub, String user, char[] password) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        byte[] hash = PasswordHash.hashedPassword(u.name(), new String(password));
        Arrays.fill(password, '\0');
        putUser(h, u.name(), u.withPasswordHash(hash));
    }

    @Override
    public void userPasswordHashSet(String hub, String user, byte[] hash) {
        if (hash == null || hash.length != UserConfig.HASH_LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has " + UserConfig.HASH_LENGTH + " bytes");
        }
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withPasswordHash(hash));
    }

    @Override
    public byte[] userPasswordHashGet(String hub, String user) {
        UserConfig u = user(hub(hub), user);
        return u.auth() == UserAuthType.PASSWORD && u.passwordHash() != null ? u.passwordHash() : new byte[0];
    }

    @Override
    public void userSetInfo(String hub, String user, String realName, String note) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withRealName(nz(realName)).withNote(nz(note)));
    }

    @Override
    public void userSetAnonymous(String hub, String user) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withAnonymous());
    }

    @Override
    public void userSetEnabled(String hub, String user, boolean enabled) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        putUser(h, u.name(), u.withEnabled(enabled));
        if (!enabled) {
            endSessions(h, u, "user " + u.name() + " was disabled");
        }
    }

    @Override
    public void userSetExpires(String hub, String user, Instant expires) {
        HubConfig h = hub(hub);
        UserConfig u = user(h, user);
        UserConfig next = u.withExpires(expires);
        putUser(h, u.name(), next);
        if (next.expiredAt(Instant.now())) {
            endSessions(h, u, "user " + u.name() + " expired");
        }
    }

    /**
     * SoftEther keeps a disabled user's sessions; an administrator who closes an account expects it
     * closed now, so its sessions end (a cascade or bridge logged in as that user reconnects and is refused).
     */
    private void endSessions(HubConfig h, UserConfig u, String why) {
        HubRuntime r = core.hubRuntime(h.name());
        for (ServerSession s : r == null ? List.<ServerSession>of() : r.sessions()) {
            if (s.user().equalsIgnoreCase(u.name())) {
                s.end(why);
            }
        }
    }

    // ---------------------------------------------------------------- sessions and MACs

    @Override
    public List<SessionInfo> sessionList(String hub) {
        HubConfig h = hub(hub);
        return core.hubRuntime(h.name()).sessions().stream().map(s -> info(h, s)).toList();
    }

    @Override
    public SessionInfo sessionGet(String hub, String session) {
        HubConfig h = hub(hub);
        return info(h, session(h, session));
    }

    @Override
    public void sessionDisconnect(String hub, String session) {
        HubConfig h = hub(hub);
        session(h, session).end("disconnected by the administrator");
    }

    @Override
    public List<MacEntryInfo> macTableList(String hub) {
        HubConfig h = hub(hub);
        return core.hubRuntime(h.name()).hub().macTable().stream()
                .map(e -> new MacEntryInfo(h.name(), e.mac(), e.portName(), e.created(), e.lastSeen())).toList();
    }

    // ---------------------------------------------------------------- local bridges

    @Override
    public void bridgeCreate(String hub, String device, boolean tap) {
        BridgeConfig b;
        try {
            b = new BridgeConfig(hub, device, tap);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
        Optional<BridgeConfig> old = config().bridge(hub, device);
        if (old.isPresent()) {
            if (old.get().tap() != tap) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "hub " + hub + " is already bridged to " + device
                        + (old.get().tap() ? " as a TAP device" : " as an existing interface") + "; delete that bridge first");
            }
            return; // as SoftEther: creating it again is not an error
        }
        change(c -> c.withBridge(b), c -> core.startBridge(b));
    }

    @Override
    public void bridgeDelete(String hub, String device) {
        BridgeConfig b = config().bridge(hub, device).orElseThrow(() -> new AdminException(AdminError.OBJECT_NOT_FOUND,
                "there is no local bridge of hub " + hub + " to " + device));
        change(c -> c.withoutBridge(b.hub(), b.device()), c -> core.stopBridge(b.hub(), b.device()));
    }

    @Override
    public List<BridgeInfo> bridgeList() {
        return config().bridges().stream().map(b -> {
            LocalBridge running = core.bridge(b.hub(), b.device());
            return running != null ? running.info() : new BridgeInfo(b.hub(), b.device(), b.tap(), false, "stopped");
        }).toList();
    }

    /** Interfaces of this machine's network namespace that a bridge can attach to (not loopback). */
    @Override
    public List<String> bridgeDeviceList() {
        Path net = Path.of("/sys/class/net");
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (var s = Files.list(net)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lo")).sorted().toList();
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "cannot list the network interfaces: " + e.getMessage());
        }
    }

    @Override
    public boolean isBridge() {
        return core.options().bridge();
    }

    @Override
    public Map<String, Long> capabilities() {
        return ServerCaps.of(isBridge());
    }

    @Override
    public byte[] serverCertificateGet() {
        try { // the certificate only: its key never leaves through this API
            return core.plugins().identity().chain().get(0).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "cannot encode the server certificate");
        }
    }

    // ---------------------------------------------------------------- server

    /** SoftEther 5.01 build 9674: the version our protocol matches, which admin tools compare against. */
    static final int SOFTETHER_VERSION = 501;
    static final int SOFTETHER_BUILD = 9674;

    @Override
    public ServerInfo serverInfo() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        boolean bridge = core.options().bridge();
        return new ServerInfo(bridge ? "EtherVPN Bridge" : "EtherVPN Server", "Version 5.01 Build 9674 (EtherVPN)",
                SOFTETHER_VERSION, SOFTETHER_BUILD, host, bridge, System.getProperty("os.name"),
                System.getProperty("os.version"), core.started());
    }

    @Override
    public ServerStatus serverStatus() {
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
            HubRuntime r = core.hubRuntime(h.name());
            for (ServerSession s : r == null ? List.<ServerSession>of() : r.sessions()) {
                connections += s.tunnel() == null ? 0 : s.tunnel().connectionCount();
            }
        }
        return new ServerStatus(c.hubs().size(), sessions, connections, macs, users, core.started(), Instant.now(), fi, bi,
                fo, bo);
    }

    @Override
    public void serverPasswordSet(char[] password) {
        byte[] utf8 = new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            serverPasswordHashSet(org.ethervpn.protocol.Sha0.hash(utf8));
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    @Override
    public void serverPasswordHashSet(byte[] sha0) {
        if (sha0 == null || sha0.length != org.ethervpn.protocol.PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has 20 bytes");
        }
        change(c -> c.withAdminPassword(sha0), c -> { });
    }

    private void refuseOnBridge(String what) {
        if (core.options().bridge()) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "a VPN Bridge has the one hub "
                    + ServerConfig.BRIDGE_HUB + ": it cannot " + what);
        }
    }

    // ---------------------------------------------------------------- cascades

    @Override
    public List<CascadeInfo> cascadeList(String hub) {
        HubConfig h = hub(hub);
        return h.cascades().stream().map(c -> info(h, c)).toList();
    }

    @Override
    public CascadeInfo cascadeGet(String hub, String cascade) {
        HubConfig h = hub(hub);
        return info(h, cascade(h, cascade));
    }

    @Override
    public void cascadeCreate(String hub, String cascade, String server, String remoteHub, String user) {
        HubConfig h = hub(hub);
        if (h.cascade(cascade).isPresent()) {
            throw new AdminException(AdminError.LINK_ALREADY_EXISTS, "hub " + h.name() + " has a cascade " + cascade);
        }
        CascadeConfig c;
        try {
            Endpoint e = Endpoint.parse(server);
            c = CascadeConfig.create(cascade, e.host(), e.port(), remoteHub, user);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
        change(cfg -> replaceHub(cfg, h.name(), cfg.hub(h.name()).orElseThrow().withCascade(c)), cfg -> { });
    }

    @Override
    public void cascadePasswordSet(String hub, String cascade, char[] password) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        byte[] hash = PasswordHash.hashedPassword(c.user(), new String(password));
        Arrays.fill(password, '\0');
        putCascade(h, c.withPasswordHash(hash));
    }

    @Override
    public void cascadeSet(String hub, String cascade, String server, String remoteHub, String user) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        boolean sameUser = c.user().equalsIgnoreCase(user);
        CascadeConfig next;
        try {
            Endpoint e = Endpoint.parse(server);
            next = new CascadeConfig(c.name(), e.host(), e.port(), remoteHub, user, sameUser ? c.passwordHash() : null,
                    c.online() && sameUser, c.options());
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
        if (!next.equals(c)) {
            putCascade(h, next); // an online cascade restarts, so it reconnects to the new destination
        }
    }

    @Override
    public void cascadeOptionsSet(String hub, String cascade, CascadeOptions options) {
        if (options == null) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "no cascade options given");
        }
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        if (options.proxy() != org.ethervpn.api.client.ProxyType.DIRECT) {
            try {
                Endpoint.parse(options.proxyServer());
            } catch (IllegalArgumentException e) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "proxy server \"" + options.proxyServer()
                        + "\": " + e.getMessage());
            }
        }
        if (options.serverCert() != null) {
            CascadeTrust.certificate(options.serverCert()); // 38 if it is not a certificate
            if (options.checkServerCert() && options.defaultCa()) {
                throw new AdminException(AdminError.NOT_SUPPORTED, "AddDefaultCA: a pinned server certificate"
                        + " (ServerCert) and the default CAs cannot be combined here; remove one");
            }
        }
        CascadeConfig next = c.withOptions(options);
        if (!next.equals(c)) {
            putCascade(h, next); // an online cascade restarts, so it reconnects with the new options
        }
    }

    @Override
    public void cascadePasswordHashSet(String hub, String cascade, byte[] hash) {
        if (hash == null || hash.length != PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has " + PasswordHash.LENGTH + " bytes");
        }
        HubConfig h = hub(hub);
        putCascade(h, cascade(h, cascade).withPasswordHash(hash.clone()));
    }

    @Override
    public void cascadeSetOnline(String hub, String cascade, boolean online) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        if (online && !c.hasPassword()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "set the cascade's password first (cascadepasswordset)");
        }
        putCascade(h, c.withOnline(online));
    }

    @Override
    public void cascadeDelete(String hub, String cascade) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        change(cfg -> replaceHub(cfg, h.name(), cfg.hub(h.name()).orElseThrow().withoutCascade(c.name())),
                cfg -> core.hubRuntime(h.name()).stopCascade(c.name()));
    }

    /** Saves the cascade, then (re)starts or stops it to match. */
    private void putCascade(HubConfig h, CascadeConfig c) {
        change(cfg -> replaceHub(cfg, h.name(), cfg.hub(h.name()).orElseThrow().withCascade(c)), cfg -> {
            HubRuntime r = core.hubRuntime(h.name());
            if (c.online() && h.online()) {
                r.startCascade(core, c);
            } else {
                r.stopCascade(c.name());
            }
        });
    }

    private static CascadeConfig cascade(HubConfig h, String name) {
        return h.cascade(name).orElseThrow(() -> new AdminException(AdminError.OBJECT_NOT_FOUND,
                "hub " + h.name() + " has no cascade " + name));
    }

    private CascadeInfo info(HubConfig h, CascadeConfig c) {
        Cascade running = core.hubRuntime(h.name()).cascade(c.name());
        if (running != null) {
            return running.info();
        }
        return new CascadeInfo(h.name(), c.name(), c.host() + ":" + c.port(), c.remoteHub(), c.user(), c.online(),
                c.online() ? "hub offline" : "offline", "-", 0, null, c.options().withoutSecrets());
    }

    // ---------------------------------------------------------------- listeners

    @Override
    public List<ListenerInfo> listenerList() {
        return core.listeners().list(config().listeners());
    }

    @Override
    public void listenerCreate(int port) {
        checkPort(port);
        if (listener(port) != null) {
            throw new AdminException(AdminError.LISTENER_ALREADY_EXISTS, "a listener on TCP port " + port + " exists");
        }
        List<ListenerConfig> next = new ArrayList<>(config().listeners());
        next.add(new ListenerConfig(port, true));
        setListeners(next);
    }

    @Override
    public void listenerDelete(int port) {
        ListenerConfig l = existingListener(port);
        List<ListenerConfig> next = new ArrayList<>(config().listeners());
        next.remove(l);
        setListeners(next);
    }

    @Override
    public void listenerSetEnabled(int port, boolean enabled) {
        ListenerConfig l = existingListener(port);
        List<ListenerConfig> next = new ArrayList<>(config().listeners());
        next.set(next.indexOf(l), new ListenerConfig(port, enabled));
        setListeners(next);
    }

    // ---------------------------------------------------------------- cipher

    @Override
    public ServerCipher serverCipherGet() {
        CipherConfig c = config().cipher();
        List<CipherSuiteProvider> all = core.plugins().ciphers();
        var selected = core.plugins().cipher(c.provider());
        return new ServerCipher(c.provider(), c.suites(), selected.isPresent(),
                all.stream().map(CipherSuiteProvider::name).toList(),
                selected.map(CipherSuiteProvider::cipherSuites).orElse(List.of()));
    }

    @Override
    public void serverCipherSet(String provider, List<String> suites) {
        CipherSuiteProvider p = core.plugins().cipher(provider).orElseThrow(() -> new AdminException(
                AdminError.OBJECT_NOT_FOUND, "no cipher-suite plugin named " + provider + " is installed (installed: "
                        + core.plugins().ciphers().stream().map(CipherSuiteProvider::name).toList() + ")"));
        for (String s : suites) {
            if (!p.cipherSuites().contains(s)) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "plugin " + p.name() + " does not offer " + s
                        + " (it offers " + p.cipherSuites() + ")");
            }
        }
        CipherConfig next = new CipherConfig(p.name(), List.copyOf(suites));
        change(c -> c.withCipher(next), c -> { });
    }

    // ---------------------------------------------------------------- SoftEther configuration import

    /**
     * Parses everything first, then makes the whole change in one save (nothing changes on an
     * error), then brings the running state in line: a replaced hub keeps its switch (so local
     * bridges stay attached) but loses its sessions and cascades, since its users were replaced.
     */
    @Override
    public List<String> configImport(String text) {
        SoftEtherFolder root;
        try {
            root = SoftEtherConfigText.parse(text);
        } catch (ConfigException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "cannot import the SoftEther configuration, "
                    + e.getMessage() + "; nothing was changed");
        }
        Map<String, List<String>> plugins = cipherPlugins();
        SoftEtherImport.Result[] done = new SoftEtherImport.Result[1];
        change(c -> {
            done[0] = SoftEtherImport.apply(c, root, plugins, core.options().bridge());
            return done[0].config();
        }, c -> applyImport(done[0], c));
        return done[0].report();
    }

    private void applyImport(SoftEtherImport.Result r, ServerConfig after) {
        for (HubConfig h : r.hubs()) {
            HubRuntime old = core.hubRuntime(h.name());
            if (old == null) {
                core.addHubRuntime(h);
                continue;
            }
            old.stopCascades();
            old.hub().setOnline(h.online());
            for (ServerSession s : old.sessions()) {
                s.end("hub " + h.name() + " was replaced by a configuration import");
            }
        }
        if (!r.listeners().isEmpty()) {
            core.listeners().apply(after.listeners());
        }
        for (HubConfig h : r.hubs()) {
            for (CascadeConfig c : h.cascades()) {
                if (c.online() && h.online()) {
                    core.hubRuntime(h.name()).startCascade(core, c);
                }
            }
        }
        for (BridgeConfig b : r.bridges()) {
            core.startBridge(b);
        }
    }

    @Override
    public byte[] configGet() {
        try {
            return org.ethervpn.server.config.ConfigJson.write(core.configToSave());
        } catch (IllegalStateException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, e.getMessage());
        }
    }

    /**
     * ConfigSet: our JSON, or a SoftEther text imported into an empty configuration. Checked whole
     * before anything changes; see {@link VpnServerAdmin#configSet}.
     */
    @Override
    public List<String> configSet(byte[] text) {
        if (text == null || text.length == 0) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "the configuration is empty; nothing was changed");
        }
        ServerConfig current = config();
        String s = new String(text, java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        List<String> report = new ArrayList<>();
        ServerConfig next;
        if (s.startsWith("{")) {
            try {
                next = org.ethervpn.server.config.ConfigJson.read(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (ConfigException e) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "the configuration is not valid, "
                        + e.getMessage() + "; nothing was changed");
            }
            report.add("EtherVPN configuration: " + next.hubs().size() + " hubs, " + next.listeners().size() + " listeners");
        } else {
            SoftEtherFolder root;
            try {
                root = SoftEtherConfigText.parse(s);
            } catch (ConfigException e) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "the configuration is neither EtherVPN's JSON nor "
                        + "a SoftEther configuration (" + e.getMessage() + "); nothing was changed");
            }
            List<HubConfig> keep = core.options().bridge() ? current.hubs() : List.of();
            ServerConfig empty = new ServerConfig(ServerConfig.VERSION, List.of(), current.cipher(), keep, List.of(),
                    current.adminPasswordHash());
            SoftEtherImport.Result r = SoftEtherImport.apply(empty, root, cipherPlugins(), core.options().bridge());
            report.addAll(r.report());
            next = r.config();
            if (next.listeners().isEmpty()) {
                next = new ServerConfig(next.version(), current.listeners(), next.cipher(), next.hubs(), next.bridges(),
                        next.adminPasswordHash());
                report.add("listeners: none in the file, the current ones are kept");
            }
        }
        if (core.options().bridge() && !next.hubs().stream().map(HubConfig::name).toList()
                .equals(List.of(ServerConfig.BRIDGE_HUB))) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "a VPN Bridge has exactly the one hub "
                    + ServerConfig.BRIDGE_HUB + "; nothing was changed");
        }
        if (next.listeners().stream().noneMatch(ListenerConfig::enabled)) {
            throw new AdminException(AdminError.INVALID_PARAMETER,
                    "the configuration has no enabled listener, the server would be unreachable; nothing was changed");
        }
        try {
            core.replace(next);
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR,
                    "the configuration could not be saved, nothing was changed: " + e.getMessage(), e);
        }
        report.add("applied: every VPN session ended; hubs, listeners, cascades and bridges restarted");
        return report;
    }

    private Map<String, List<String>> cipherPlugins() {
        Map<String, List<String>> plugins = new LinkedHashMap<>();
        String current = config().cipher().provider();
        core.plugins().cipher(current).ifPresent(p -> plugins.put(p.name(), p.cipherSuites()));
        core.plugins().ciphers().stream().sorted(Comparator.comparing(CipherSuiteProvider::name))
                .forEach(p -> plugins.putIfAbsent(p.name(), p.cipherSuites()));
        return plugins;
    }

    // ---------------------------------------------------------------- TCP connections

    @Override
    public List<TcpConnectionInfo> connectionList() {
        return core.connections().list();
    }

    @Override
    public TcpConnectionInfo connectionGet(String name) {
        return core.connections().get(name).orElseThrow(() -> noConnection(name));
    }

    @Override
    public void connectionDisconnect(String name) {
        if (!core.connections().close(name)) {
            throw noConnection(name);
        }
    }

    private static AdminException noConnection(String name) {
        return new AdminException(AdminError.OBJECT_NOT_FOUND, "there is no connection " + name
                + " outside VPN sessions (the connections of a session are in SessionGet)");
    }

    // ---------------------------------------------------------------- helpers

    private ServerConfig config() {
        try {
            return core.config();
        } catch (IllegalStateException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, e.getMessage());
        }
    }

    private void change(UnaryOperator<ServerConfig> change, Consumer<ServerConfig> apply) {
        try {
            core.change(change, apply);
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR,
                    "the configuration could not be saved, nothing was changed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
    }

    private HubConfig hub(String name) {
        return config().hub(name).orElseThrow(() -> new AdminException(AdminError.HUB_NOT_FOUND,
                "hub " + name + " does not exist"));
    }

    private static UserConfig user(HubConfig h, String name) {
        return h.user(name).orElseThrow(() -> new AdminException(AdminError.OBJECT_NOT_FOUND,
                "user " + name + " does not exist on hub " + h.name()));
    }

    private ServerSession session(HubConfig h, String name) {
        ServerSession s = core.hubRuntime(h.name()).session(name);
        if (s == null) {
            throw new AdminException(AdminError.OBJECT_NOT_FOUND, "session " + name + " does not exist on hub " + h.name());
        }
        return s;
    }

    private static HubConfig newHub(String name) {
        try {
            return new HubConfig(name, true, 0, List.of());
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
    }

    /** Replaces hub {@code old} by {@code next}; null old = add, null next = remove. */
    private static ServerConfig replaceHub(ServerConfig c, String old, HubConfig next) {
        List<HubConfig> hubs = new ArrayList<>();
        for (HubConfig h : c.hubs()) {
            if (old != null && h.name().equalsIgnoreCase(old)) {
                if (next != null) {
                    hubs.add(next);
                }
            } else {
                hubs.add(h);
            }
        }
        if (old == null) {
            hubs.add(next);
        }
        return c.withHubs(hubs);
    }

    private void putUser(HubConfig h, String old, UserConfig next) {
        change(c -> {
            HubConfig current = c.hub(h.name()).orElseThrow();
            List<UserConfig> users = new ArrayList<>();
            for (UserConfig u : current.users()) {
                if (old != null && u.name().equalsIgnoreCase(old)) {
                    if (next != null) {
                        users.add(next);
                    }
                } else {
                    users.add(u);
                }
            }
            if (old == null) {
                users.add(next);
            }
            return replaceHub(c, h.name(), current.withUsers(users));
        }, c -> { });
    }

    private ListenerConfig listener(int port) {
        return config().listeners().stream().filter(l -> l.port() == port).findFirst().orElse(null);
    }

    private ListenerConfig existingListener(int port) {
        ListenerConfig l = listener(port);
        if (l == null) {
            throw new AdminException(AdminError.LISTENER_NOT_FOUND, "no listener on TCP port " + port);
        }
        return l;
    }

    private void setListeners(List<ListenerConfig> next) {
        change(c -> c.withListeners(next), c -> core.listeners().apply(c.listeners()));
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "port " + port + " is not within 1..65535");
        }
    }

    /** "10.0.0.1:443", "[::1]:443" (not Java's "/10.0.0.1:443"). */
    static String text(java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private HubInfo info(HubConfig h) {
        HubRuntime r = core.hubRuntime(h.name());
        long fi = 0, bi = 0, fo = 0, bo = 0;
        int sessions = 0, macs = 0;
        if (r != null) {
            for (ServerSession s : r.sessions()) {
                PortCounters pc = s.port().counters();
                fi += pc.framesIn();
                bi += pc.bytesIn();
                fo += pc.framesOut();
                bo += pc.bytesOut();
            }
            sessions = r.sessionCount();
            macs = r.hub().macCount();
        }
        return new HubInfo(h.name(), h.online(), h.maxSessions(), h.users().size(), sessions, macs, fi, bi, fo, bo,
                r == null ? null : r.lastLogin(), h.hidden());
    }

    private UserInfo info(HubConfig h, UserConfig u) {
        long[] stats = core.loginStats(h.name(), u.name());
        Instant last = stats[0] > 0 ? Instant.ofEpochMilli(stats[1]) : u.lastLogin();
        return new UserInfo(h.name(), u.name(), u.auth() == UserAuthType.ANONYMOUS ? UserAuth.ANONYMOUS : UserAuth.PASSWORD,
                u.realName(), u.note(), u.logins() + stats[0], last, u.created(), u.enabled(), u.expires());
    }

    private static SessionInfo info(HubConfig h, ServerSession s) {
        TunnelSession t = s.tunnel();
        List<ConnectionInfo> conns = t.connections().stream().map(Admin::info).toList();
        PortCounters pc = s.port().counters();
        var p = t.parameters();
        return new SessionInfo(h.name(), s.name(), s.user(), s.client(), text(s.remote()), s.created(),
                p.maxConnections(), p.encrypted(), p.compressed(), p.halfDuplex(), p.qos(), s.bridgeMode(), conns,
                pc.framesIn(), pc.bytesIn(), pc.framesOut(), pc.bytesOut(), pc.framesDropped(), s.node());
    }

    private static ConnectionInfo info(TunnelConnection c) {
        return new ConnectionInfo(c.name(), text(c.remoteAddress()), c.direction().code(), c.tls(),
                c.connected(), c.framesIn(), c.bytesIn(), c.framesOut(), c.bytesOut());
    }
}
