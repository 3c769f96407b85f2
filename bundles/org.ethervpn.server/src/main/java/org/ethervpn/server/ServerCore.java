package org.ethervpn.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.hub.HubJoinException;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.PortConfig;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.KeepAlivePolicy;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.server.config.BridgeConfig;
import org.ethervpn.server.config.ConfigException;
import org.ethervpn.server.config.ConfigStore;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.UserAuthType;
import org.ethervpn.server.config.UserConfig;
import org.ethervpn.session.SessionParameters;
import org.ethervpn.session.TunnelConnection;
import org.ethervpn.session.TunnelSession;
import org.osgi.service.log.Logger;

/**
 * The server's state while it runs: configuration, hubs and their sessions, listeners. The
 * handshake asks it to log in and to join sessions; {@link Admin} changes it. Every change of the
 * configuration is saved (atomically, with a backup) before it takes effect, so a failed save
 * changes nothing.
 */
final class ServerCore implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    private final ServerOptions options;
    private final Plugins plugins;
    private final Logger log;
    private final ConfigStore store;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, HubRuntime> hubs = new ConcurrentHashMap<>();
    private final Map<String, LocalBridge> bridges = new ConcurrentHashMap<>();
    private final Map<String, ServerSession> sessionsByKey = new ConcurrentHashMap<>();
    private final Map<String, long[]> loginStats = new ConcurrentHashMap<>();
    private final Map<String, Integer> adminFailures = new ConcurrentHashMap<>();
    private static final byte[] EMPTY_SHA0 = java.util.Base64.getDecoder().decode(ServerConfig.EMPTY_ADMIN_PASSWORD);
    private final Instant started = Instant.now();
    private final AtomicLong connectionCounter = new AtomicLong();
    private final Object configLock = new Object();
    private final ListenerSet listeners;
    private final Connections connections = new Connections();
    private volatile ServerConfig config;
    private volatile String configError;

    ServerCore(ServerOptions options, Plugins plugins, Logger log) {
        this.options = options;
        this.plugins = plugins;
        this.log = log;
        this.store = new ConfigStore(options.configFile(), options.bridge());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ethervpn-server-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.listeners = new ListenerSet(this, log);
    }

    /**
     * Loads the configuration (first start: creates it with hub DEFAULT and the four listeners) and
     * opens the listeners. A corrupt file leaves the server without hubs and listeners, reporting
     * the problem (and the backup) on every admin call, and is never overwritten.
     */
    void start() {
        ServerConfig loaded;
        try {
            loaded = store.load();
        } catch (ConfigException e) {
            configError = e.getMessage();
            log.error("The server is not started: {}", e.getMessage());
            return;
        }
        if (store.firstStart()) {
            try {
                store.save(loaded);
                log.info("First start: created {} with hub DEFAULT", options.configFile());
            } catch (IOException e) {
                log.error("Cannot write the configuration file {}: {}", options.configFile(), e.getMessage());
            }
        }
        config = loaded;
        timer.scheduleWithFixedDelay(this::expireMacs, 5, 5, TimeUnit.SECONDS);
        run(loaded);
    }

    /** Brings hubs, listeners, cascades and bridges up from {@code c}. */
    private void run(ServerConfig c) {
        for (HubConfig h : c.hubs()) {
            hubs.put(HubRuntime.key(h.name()), new HubRuntime(h.name(), h.online()));
        }
        listeners.apply(c.listeners());
        // after the listeners, so that a cascade between two hubs of this server connects at once
        for (HubConfig h : c.hubs()) {
            for (var cascade : h.cascades()) {
                if (cascade.online() && h.online()) {
                    hubs.get(HubRuntime.key(h.name())).startCascade(this, cascade);
                }
            }
        }
        for (BridgeConfig b : c.bridges()) {
            startBridge(b);
        }
    }

    /** Ends everything {@link #run} started except the listeners, which {@code run} adjusts. */
    private void stopHubs(String why) {
        for (String key : List.copyOf(bridges.keySet())) {
            stopBridge(key);
        }
        for (HubRuntime h : hubs.values()) {
            h.stopCascades();
        }
        for (HubRuntime h : hubs.values()) {
            for (ServerSession s : h.sessions()) {
                s.end(why);
            }
        }
    }

    /**
     * Replaces the whole configuration (ConfigSet): saved first (with a backup of the old one), then
     * every session ends and hubs, cascades and bridges restart from {@code next}; listeners are
     * adjusted, so connections on ports that stay (the caller's admin connection) are kept.
     */
    void replace(ServerConfig next) throws IOException {
        synchronized (configLock) {
            config();
            store.save(next);
            stopHubs("the configuration was replaced");
            hubs.clear();
            loginStats.clear();
            config = next;
            run(next);
        }
    }

    @Override
    public void close() {
        listeners.closeAll();
        stopHubs("the server is stopping");
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- for the handshake

    Instant started() {
        return started;
    }

    ServerOptions options() {
        return options;
    }

    Plugins plugins() {
        return plugins;
    }

    Logger log() {
        return log;
    }

    SecureRandom random() {
        return random;
    }

    java.util.concurrent.ScheduledExecutorService timer() {
        return timer;
    }

    ServerConfig config() {
        ServerConfig c = config;
        if (c == null) {
            throw new IllegalStateException(configError == null ? "the server is not started" : configError);
        }
        return c;
    }

    String configError() {
        return configError;
    }

    Connections connections() {
        return connections;
    }

    String nextConnectionName() {
        return "CID-" + connectionCounter.incrementAndGet();
    }

    /** The hubs a client may be told of (enum_hub): hidden ones (SoftEther's NoEnum) are left out. */
    List<String> hubNames() {
        ServerConfig c = config;
        return c == null ? List.of() : c.hubs().stream().filter(h -> !h.hidden()).map(HubConfig::name).toList();
    }

    /** The result of a login: a new session, or the error code to answer. */
    /** An admin login's outcome: the caller, or why not and how long to wait before saying so. */
    record AdminLogin(org.ethervpn.api.admin.AdminCaller caller, ProtocolError error, String reason, long delayMillis,
            boolean emptyPassword) {
    }

    /**
     * Checks an admin login (admin spec §1.3, §1.4): {@code proof} = SHA-0(SHA-0(password) ‖ challenge).
     * Only the server administrator for now: hub administrators get error 52 until hubs have admin
     * passwords. Each wrong password from an address doubles the wait before the next answer to
     * it (0.5 s up to 8 s), so guessing over many connections gets slow.
     */
    AdminLogin adminLogin(String hub, byte[] proof, byte[] challenge, InetSocketAddress remote) {
        ServerConfig c = config;
        if (c == null) {
            return new AdminLogin(null, ProtocolError.SERVER_CANT_ACCEPT, "the server has no configuration", 0, false);
        }
        String from = remote.getAddress().getHostAddress();
        if (proof == null || proof.length != PasswordHash.LENGTH) {
            return new AdminLogin(null, ProtocolError.PROTOCOL_ERROR, "secure_password is not 20 bytes", 0, false);
        }
        if (hub != null && !hub.isEmpty()) {
            java.util.Optional<HubConfig> h = c.hub(hub);
            if (h.isEmpty()) {
                return new AdminLogin(null, ProtocolError.HUB_NOT_FOUND, "admin login to unknown hub " + hub,
                        adminFailureDelay(from), false);
            }
            byte[] hubHash = h.get().adminPassword();
            if (hubHash.length == 0 || !PasswordHash.verify(hubHash, challenge, proof)) {
                return new AdminLogin(null, ProtocolError.ACCESS_DENIED, hubHash.length == 0 ? "hub " + hub
                        + " has no administrator password" : "wrong administrator password of hub " + hub,
                        adminFailureDelay(from), false);
            }
            boolean emptyHub = java.util.Arrays.equals(hubHash, EMPTY_SHA0);
            if (emptyHub && !remote.getAddress().isLoopbackAddress()) {
                return new AdminLogin(null, ProtocolError.NULL_PASSWORD_LOCAL_ONLY, "hub " + hub
                        + " has an empty administrator password: only from this machine", adminFailureDelay(from), false);
            }
            adminFailures.remove(from);
            return new AdminLogin(new org.ethervpn.api.admin.AdminCaller(h.get().name(), from), null, null, 0, emptyHub);
        }
        byte[] stored = c.adminPassword();
        if (!PasswordHash.verify(stored, challenge, proof)) {
            return new AdminLogin(null, ProtocolError.ACCESS_DENIED, "wrong server administrator password",
                    adminFailureDelay(from), false);
        }
        adminFailures.remove(from);
        boolean empty = java.util.Arrays.equals(stored, java.util.Base64.getDecoder().decode(ServerConfig.EMPTY_ADMIN_PASSWORD));
        return new AdminLogin(org.ethervpn.api.admin.AdminCaller.serverAdmin(from), null, null, 0, empty);
    }

    /**
     * JSON-RPC credentials (admin spec §4.2): while the server password is empty any credentials make
     * a server administrator; else user empty or "administrator" with the server password. Hub
     * administrators: not yet (hubs have no admin passwords).
     */
    AdminLogin adminPasswordLogin(String user, String password, InetSocketAddress remote) {
        ServerConfig c = config;
        if (c == null) {
            return new AdminLogin(null, ProtocolError.SERVER_CANT_ACCEPT, "the server has no configuration", 0, false);
        }
        String from = remote.getAddress().getHostAddress();
        byte[] stored = c.adminPassword();
        boolean empty = java.util.Arrays.equals(stored, java.util.Base64.getDecoder().decode(ServerConfig.EMPTY_ADMIN_PASSWORD));
        boolean serverUser = user == null || user.isEmpty() || user.equalsIgnoreCase("administrator");
        byte[] given = org.ethervpn.protocol.Sha0.hash(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (empty || serverUser && PasswordHash.constantTimeEquals(stored, given)) {
            adminFailures.remove(from);
            return new AdminLogin(org.ethervpn.api.admin.AdminCaller.serverAdmin(from), null, null, 0, empty);
        }
        java.util.Optional<HubConfig> hub = serverUser ? java.util.Optional.empty() : c.hub(user);
        if (hub.isPresent()) {
            byte[] hubHash = hub.get().adminPassword();
            // a hub with an empty password cannot be administered over JSON-RPC (as SoftEther's)
            if (hubHash.length != 0 && !java.util.Arrays.equals(hubHash, EMPTY_SHA0)
                    && PasswordHash.constantTimeEquals(hubHash, given)) {
                adminFailures.remove(from);
                return new AdminLogin(new org.ethervpn.api.admin.AdminCaller(hub.get().name(), from), null, null, 0, false);
            }
        }
        return new AdminLogin(null, ProtocolError.ACCESS_DENIED, serverUser ? "wrong server administrator password"
                : "wrong hub administrator password or unknown hub " + user, adminFailureDelay(from), false);
    }

    private long adminFailureDelay(String from) {
        int n = adminFailures.merge(from, 1, Integer::sum);
        if (adminFailures.size() > 10_000) {
            adminFailures.clear(); // bounded: a flood of addresses only resets the waits
        }
        return Math.min(8000L, 250L << Math.min(n, 5));
    }

    record LoginResult(ServerSession session, ProtocolError error, String reason) {
        static LoginResult refused(ProtocolError error, String reason) {
            return new LoginResult(null, error, reason);
        }
    }

    /** Checks a login (spec §3.2, §3.6) and creates its session on the hub. */
    LoginResult login(LoginRequest req, byte[] challenge, InetSocketAddress remote) {
        ServerConfig c = config;
        if (c == null) {
            return LoginResult.refused(ProtocolError.SERVER_CANT_ACCEPT, "the server has no configuration");
        }
        if (req.hub().isEmpty() || req.user().isEmpty()) {
            return LoginResult.refused(ProtocolError.PROTOCOL_ERROR, "login without hubname or username");
        }
        Optional<HubConfig> hubConfig = c.hub(req.hub());
        HubRuntime hub = hubs.get(HubRuntime.key(req.hub()));
        if (hubConfig.isEmpty() || hub == null) {
            return LoginResult.refused(ProtocolError.HUB_NOT_FOUND, "no hub " + req.hub());
        }
        HubConfig h = hubConfig.get();
        if (!h.online()) {
            return LoginResult.refused(ProtocolError.HUB_STOPPING, "hub " + h.name() + " is offline");
        }
        UserConfig user = h.user(req.user()).orElse(null);
        ProtocolError authError = authenticate(req, user, challenge);
        if (authError != null) {
            return LoginResult.refused(authError, "user " + req.user() + " of hub " + h.name() + ": "
                    + (user == null ? "no such user" : authError.message()));
        }
        Instant now = Instant.now();
        if (closedAccount(user, now) != null) {
            return LoginResult.refused(ProtocolError.ACCESS_DENIED, "user " + user.name() + " of hub " + h.name() + ": "
                    + (user.expiredAt(now) ? "the account expired at " + user.expires() : "the account is disabled"));
        }
        if (req.monitorMode()) {
            return LoginResult.refused(ProtocolError.MONITOR_MODE_DENIED, "monitor mode is not allowed");
        }
        if (h.maxSessions() > 0 && hub.sessionCount() >= h.maxSessions()) {
            return LoginResult.refused(ProtocolError.HUB_IS_BUSY, "hub " + h.name() + " has its maximum of "
                    + h.maxSessions() + " sessions");
        }
        Optional<QosPolicy> qos = req.qos() ? plugins.qos() : Optional.empty();
        Optional<CompressionCodec> codec = req.compress() ? plugins.codec() : Optional.empty();
        SessionParameters params = new SessionParameters(req.grantedConnections(qos.isPresent()), req.encrypt(),
                codec.isPresent(), req.halfConnection(), qos.isPresent(),
                KeepAlivePolicy.timeoutMillisForPolicy(Policy.TIMEOUT_SECONDS));
        byte[] key = Messages.random(random, PasswordHash.RANDOM_LENGTH);
        String name = hub.nextSessionName(user.name());
        boolean bridge = req.bridgeMode() || remote.getAddress().isLoopbackAddress();
        ServerSession session = new ServerSession(this, hub, name, user.name(), HEX.formatHex(key), req.client(),
                req.node(), remote, bridge);
        HubPort port;
        try {
            PortConfig pc = PortConfig.session(name);
            port = hub.hub().join(bridge ? pc : pc.withMaxMacs(Policy.NON_BRIDGE_MAX_MACS), session.wakeupHook());
        } catch (HubJoinException e) {
            return LoginResult.refused(e.reason() == HubJoinException.Reason.FULL ? ProtocolError.HUB_IS_BUSY
                    : ProtocolError.HUB_STOPPING, e.getMessage());
        }
        session.bind(new TunnelSession(name, params, true, session, session, qos.orElse(null), codec.orElse(null)),
                port);
        hub.add(session);
        sessionsByKey.put(session.keyHex(), session);
        long[] stats = loginStats.computeIfAbsent(h.name().toUpperCase() + "/" + user.name().toUpperCase(),
                k -> new long[2]);
        synchronized (stats) {
            stats[0]++;
            stats[1] = System.currentTimeMillis();
        }
        return new LoginResult(session, null, null);
    }

    /**
     * After the password check, as SoftEther (Protocol.c): an expired account, then a disabled one,
     * gets ACCESS_DENIED (12); a wrong password stays AUTH_FAILED (9) so it reveals nothing.
     */
    static ProtocolError closedAccount(UserConfig user, Instant now) {
        return user.expiredAt(now) || !user.enabled() ? ProtocolError.ACCESS_DENIED : null;
    }

    private static ProtocolError authenticate(LoginRequest req, UserConfig user, byte[] challenge) {
        if (user != null && user.auth() == UserAuthType.ANONYMOUS) {
            return null; // SoftEther tries anonymous first, whatever the client sent (§3.2)
        }
        byte[] hash = user == null ? null : user.passwordHash();
        boolean hasPassword = hash != null && hash.length == PasswordHash.LENGTH;
        return switch (req.authType()) {
            case LoginRequest.AUTH_ANONYMOUS -> ProtocolError.AUTH_FAILED;
            case LoginRequest.AUTH_PASSWORD -> hasPassword && req.securePassword() != null
                    && req.securePassword().length == PasswordHash.LENGTH
                    && PasswordHash.verify(hash, challenge, req.securePassword()) ? null : ProtocolError.AUTH_FAILED;
            case LoginRequest.AUTH_PLAIN_PASSWORD -> hasPassword && req.plainPassword() != null
                    && PasswordHash.constantTimeEquals(PasswordHash.hashedPassword(req.user(), req.plainPassword()), hash)
                    ? null : ProtocolError.AUTH_FAILED;
            default -> ProtocolError.AUTHTYPE_NOT_SUPPORTED;
        };
    }

    /** Logins since start and the last one, per user ("HUB/USER"). */
    long[] loginStats(String hub, String user) {
        long[] s = loginStats.get(hub.toUpperCase() + "/" + user.toUpperCase());
        if (s == null) {
            return new long[2];
        }
        synchronized (s) {
            return s.clone();
        }
    }

    /** The session an {@code additional_connect} names, if it still exists. */
    ServerSession sessionByKey(byte[] key) {
        if (key == null || key.length != PasswordHash.RANDOM_LENGTH) {
            return null;
        }
        return sessionsByKey.get(HEX.formatHex(key));
    }

    /**
     * Checks that {@code s} can take one more connection and gives its direction (§4.1, §4.3).
     * Stricter than SoftEther, which lets one connection more than granted in: the peer gets what
     * the welcome said, no more.
     */
    ProtocolError checkJoin(ServerSession s) {
        if (s.isEnded()) {
            return ProtocolError.SESSION_TIMEOUT;
        }
        TunnelSession t = s.tunnel();
        return t.connectionCount() >= t.parameters().maxConnections() ? ProtocolError.TOO_MANY_CONNECTION : null;
    }

    static ConnectionDirection directionFor(TunnelSession t) {
        if (!t.parameters().halfDuplex()) {
            return ConnectionDirection.BOTH;
        }
        if (t.connectionCount() == 0) {
            return ConnectionDirection.HALF_DUPLEX_LOGIN;
        }
        return ConnectionDirection.assignHalfDuplex(t.sendCapableCount(), t.receiveCapableCount());
    }

    // ---------------------------------------------------------------- session life

    ScheduledFuture<?> schedule(Runnable task, long millis) {
        return timer.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    void connectionClosed(ServerSession s, TunnelConnection c, String reason, int remaining) {
        log.info("Connection {} of session {} (hub {}) from {} closed: {}; {} left", c.name(), s.name(),
                s.hub().name(), c.remoteAddress(), reason, remaining);
    }

    void sessionEnded(ServerSession s, String reason) {
        sessionsByKey.remove(s.keyHex(), s);
        s.hub().remove(s);
        log.info("Session {} of user {} on hub {} ended: {}", s.name(), s.user(), s.hub().name(), reason);
    }

    private void expireMacs() {
        for (HubRuntime h : hubs.values()) {
            h.hub().expireMacs();
        }
    }

    // ---------------------------------------------------------------- configuration changes (Admin)

    HubRuntime hubRuntime(String name) {
        return hubs.get(HubRuntime.key(name));
    }

    ListenerSet listeners() {
        return listeners;
    }

    /**
     * Applies {@code change} to the configuration, saves it, then lets {@code apply} update the
     * running state. Serialised: admin changes are rare.
     */
    ServerConfig change(UnaryOperator<ServerConfig> change, java.util.function.Consumer<ServerConfig> apply)
            throws IOException {
        synchronized (configLock) {
            ServerConfig before = config();
            ServerConfig after = change.apply(before);
            store.save(withLoginStats(after));
            config = after;
            apply.accept(after);
            return after;
        }
    }

    // ---------------------------------------------------------------- local bridges

    void startBridge(BridgeConfig b) {
        LocalBridge old = bridges.put(bridgeKey(b.hub(), b.device()), new LocalBridge(this, b).start());
        if (old != null) {
            old.stop();
        }
    }

    void stopBridge(String hub, String device) {
        stopBridge(bridgeKey(hub, device));
    }

    private void stopBridge(String key) {
        LocalBridge b = bridges.remove(key);
        if (b != null) {
            b.stop();
        }
    }

    LocalBridge bridge(String hub, String device) {
        return bridges.get(bridgeKey(hub, device));
    }

    private static String bridgeKey(String hub, String device) {
        return HubRuntime.key(hub) + "/" + device;
    }

    void addHubRuntime(HubConfig h) {
        hubs.putIfAbsent(HubRuntime.key(h.name()), new HubRuntime(h.name(), h.online()));
    }

    void removeHubRuntime(String name) {
        HubRuntime h = hubs.remove(HubRuntime.key(name));
        if (h != null) {
            h.stopCascades();
            for (ServerSession s : h.sessions()) {
                s.end("hub " + name + " was deleted");
            }
        }
    }

    /** The configuration as the next save would write it (GetConfig): with the login counters. */
    ServerConfig configToSave() {
        return withLoginStats(config());
    }

    /** Login counters live in memory and are written along with the next configuration change. */
    private ServerConfig withLoginStats(ServerConfig c) {
        List<HubConfig> hubsOut = new ArrayList<>();
        for (HubConfig h : c.hubs()) {
            List<UserConfig> users = new ArrayList<>();
            for (UserConfig u : h.users()) {
                long[] s = loginStats(h.name(), u.name());
                users.add(s[0] == 0 ? u : new UserConfig(u.name(), u.auth(), u.passwordHash(), u.realName(), u.note(),
                        u.created(), u.logins() + s[0], Instant.ofEpochMilli(s[1]), u.enabled(), u.expires()));
            }
            hubsOut.add(h.withUsers(users));
        }
        return c.withHubs(hubsOut);
    }
}
