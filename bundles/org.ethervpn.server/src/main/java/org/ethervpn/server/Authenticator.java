package org.ethervpn.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.hub.HubJoinException;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.PortConfig;
import org.ethervpn.protocol.KeepAlivePolicy;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.protocol.Sha0;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.UserAuthType;
import org.ethervpn.server.config.UserConfig;
import org.ethervpn.session.SessionParameters;
import org.ethervpn.session.TunnelSession;

/**
 * Logins: VPN users (a granted login becomes a session on its hub) and administrators (binary RPC
 * and JSON-RPC). Each wrong admin password from an address doubles the wait before the next answer
 * to it (0.5 s up to 8 s), so guessing over many connections gets slow.
 */
final class Authenticator {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EMPTY_SHA0 = Base64.getDecoder().decode(ServerConfig.EMPTY_ADMIN_PASSWORD);

    /** A VPN login's outcome. */
    sealed interface Login {
        /** A new session, already on its hub. */
        record Granted(ServerSession session) implements Login {
        }

        /** The error to answer, and the reason to log. */
        record Refused(ProtocolError error, String reason) implements Login {
        }
    }

    /** An administrator login's outcome. */
    sealed interface AdminLogin {
        /** @param emptyPassword the password is empty (vpncmd then asks to set one) */
        record Granted(AdminCaller caller, boolean emptyPassword) implements AdminLogin {
        }

        /** @param delayMillis how long to wait before answering, growing with each failure from the address */
        record Refused(ProtocolError error, String reason, long delayMillis) implements AdminLogin {
        }
    }

    private final ServerContext ctx;
    private final Supplier<ServerConfig> config;
    private final HubSet hubs;
    private final LoginStats stats;
    private final Map<String, Integer> adminFailures = new ConcurrentHashMap<>();

    /** @param config the configuration now, or null when there is none (a file that did not load) */
    Authenticator(ServerContext ctx, Supplier<ServerConfig> config, HubSet hubs, LoginStats stats) {
        this.ctx = ctx;
        this.config = config;
        this.hubs = hubs;
        this.stats = stats;
    }

    // ---------------------------------------------------------------- VPN users

    /** Checks a login (spec §3.2, §3.6) and creates its session on the hub. */
    Login login(LoginRequest req, byte[] challenge, InetSocketAddress remote) {
        ServerConfig c = config.get();
        if (c == null) {
            return new Login.Refused(ProtocolError.SERVER_CANT_ACCEPT, "the server has no configuration");
        }
        if (req.hub().isEmpty() || req.user().isEmpty()) {
            return new Login.Refused(ProtocolError.PROTOCOL_ERROR, "login without hubname or username");
        }
        Optional<HubConfig> hubConfig = c.hub(req.hub());
        HubRuntime hub = hubs.get(req.hub());
        if (hubConfig.isEmpty() || hub == null) {
            return new Login.Refused(ProtocolError.HUB_NOT_FOUND, "no hub " + req.hub());
        }
        HubConfig h = hubConfig.get();
        if (!h.online()) {
            return new Login.Refused(ProtocolError.HUB_STOPPING, "hub " + h.name() + " is offline");
        }
        UserConfig user = h.user(req.user()).orElse(null);
        ProtocolError authError = authenticate(req, user, challenge);
        if (authError != null) {
            return new Login.Refused(authError, "user " + req.user() + " of hub " + h.name() + ": "
                    + (user == null ? "no such user" : authError.message()));
        }
        Instant now = Instant.now();
        if (closedAccount(user, now) != null) {
            return new Login.Refused(ProtocolError.ACCESS_DENIED, "user " + user.name() + " of hub " + h.name() + ": "
                    + (user.expiredAt(now) ? "the account expired at " + user.expires() : "the account is disabled"));
        }
        if (req.monitorMode()) {
            return new Login.Refused(ProtocolError.MONITOR_MODE_DENIED, "monitor mode is not allowed");
        }
        if (h.maxSessions() > 0 && hub.sessionCount() >= h.maxSessions()) {
            return new Login.Refused(ProtocolError.HUB_IS_BUSY, "hub " + h.name() + " has its maximum of "
                    + h.maxSessions() + " sessions");
        }
        return open(req, hub, user.name(), remote);
    }

    /** The session of a granted login: its parameters, its hub port, its key. */
    private Login open(LoginRequest req, HubRuntime hub, String user, InetSocketAddress remote) {
        Optional<QosPolicy> qos = req.qos() ? ctx.plugins().qos() : Optional.empty();
        Optional<CompressionCodec> codec = req.compress() ? ctx.plugins().codec() : Optional.empty();
        // super-frames only to a peer that asked for them (EtherVPN), never with compression
        SessionParameters params = new SessionParameters(req.grantedConnections(qos.isPresent()), req.encrypt(),
                codec.isPresent(), req.halfConnection(), qos.isPresent(),
                KeepAlivePolicy.timeoutMillisForPolicy(Policy.TIMEOUT_SECONDS), req.superFrames() && codec.isEmpty());
        byte[] key = Messages.random(ctx.random(), PasswordHash.RANDOM_LENGTH);
        String name = hub.nextSessionName(user);
        boolean bridge = req.bridgeMode() || remote.getAddress().isLoopbackAddress();
        ServerSession session = new ServerSession(ctx, hub.hub(), (s, why) -> hubs.ended(hub, s, why), name, user,
                HEX.formatHex(key), req.client(), req.node(), remote, bridge);
        HubPort port;
        try {
            PortConfig pc = PortConfig.session(name);
            port = hub.hub().join(bridge ? pc : pc.withMaxMacs(Policy.NON_BRIDGE_MAX_MACS), session.wakeupHook());
        } catch (HubJoinException e) {
            return new Login.Refused(e.reason() == HubJoinException.Reason.FULL ? ProtocolError.HUB_IS_BUSY
                    : ProtocolError.HUB_STOPPING, e.getMessage());
        }
        session.bind(new TunnelSession(name, params, true, session, session, qos.orElse(null), codec.orElse(null)),
                port);
        hubs.register(hub, session);
        stats.counted(hub.name(), user);
        return new Login.Granted(session);
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

    // ---------------------------------------------------------------- administrators

    /**
     * Checks an admin login (admin spec §1.3, §1.4): {@code proof} = SHA-0(SHA-0(password) ‖ challenge),
     * as the server administrator or, with {@code hub}, as that hub's administrator.
     */
    AdminLogin adminLogin(String hub, byte[] proof, byte[] challenge, InetSocketAddress remote) {
        ServerConfig c = config.get();
        if (c == null) {
            return new AdminLogin.Refused(ProtocolError.SERVER_CANT_ACCEPT, "the server has no configuration", 0);
        }
        String from = remote.getAddress().getHostAddress();
        if (proof == null || proof.length != PasswordHash.LENGTH) {
            return new AdminLogin.Refused(ProtocolError.PROTOCOL_ERROR, "secure_password is not 20 bytes", 0);
        }
        if (hub != null && !hub.isEmpty()) {
            Optional<HubConfig> h = c.hub(hub);
            if (h.isEmpty()) {
                return new AdminLogin.Refused(ProtocolError.HUB_NOT_FOUND, "admin login to unknown hub " + hub,
                        failureDelay(from));
            }
            byte[] hubHash = h.get().adminPassword();
            if (hubHash.length == 0 || !PasswordHash.verify(hubHash, challenge, proof)) {
                return new AdminLogin.Refused(ProtocolError.ACCESS_DENIED, hubHash.length == 0 ? "hub " + hub
                        + " has no administrator password" : "wrong administrator password of hub " + hub,
                        failureDelay(from));
            }
            boolean emptyHub = Arrays.equals(hubHash, EMPTY_SHA0);
            if (emptyHub && !remote.getAddress().isLoopbackAddress()) {
                return new AdminLogin.Refused(ProtocolError.NULL_PASSWORD_LOCAL_ONLY, "hub " + hub
                        + " has an empty administrator password: only from this machine", failureDelay(from));
            }
            adminFailures.remove(from);
            return new AdminLogin.Granted(new AdminCaller(h.get().name(), from), emptyHub);
        }
        byte[] stored = c.adminPassword();
        if (!PasswordHash.verify(stored, challenge, proof)) {
            return new AdminLogin.Refused(ProtocolError.ACCESS_DENIED, "wrong server administrator password",
                    failureDelay(from));
        }
        adminFailures.remove(from);
        return new AdminLogin.Granted(AdminCaller.serverAdmin(from), Arrays.equals(stored, EMPTY_SHA0));
    }

    /**
     * JSON-RPC credentials (admin spec §4.2): while the server password is empty any credentials make
     * a server administrator; else user empty or "administrator" with the server password, or a hub
     * name with that hub's administrator password.
     */
    AdminLogin adminPasswordLogin(String user, String password, InetSocketAddress remote) {
        ServerConfig c = config.get();
        if (c == null) {
            return new AdminLogin.Refused(ProtocolError.SERVER_CANT_ACCEPT, "the server has no configuration", 0);
        }
        String from = remote.getAddress().getHostAddress();
        byte[] stored = c.adminPassword();
        boolean empty = Arrays.equals(stored, EMPTY_SHA0);
        boolean serverUser = user == null || user.isEmpty() || user.equalsIgnoreCase("administrator");
        byte[] given = Sha0.hash(password.getBytes(StandardCharsets.UTF_8));
        if (empty || serverUser && PasswordHash.constantTimeEquals(stored, given)) {
            adminFailures.remove(from);
            return new AdminLogin.Granted(AdminCaller.serverAdmin(from), empty);
        }
        Optional<HubConfig> hub = serverUser ? Optional.empty() : c.hub(user);
        if (hub.isPresent()) {
            byte[] hubHash = hub.get().adminPassword();
            // a hub with an empty password cannot be administered over JSON-RPC (as SoftEther's)
            if (hubHash.length != 0 && !Arrays.equals(hubHash, EMPTY_SHA0)
                    && PasswordHash.constantTimeEquals(hubHash, given)) {
                adminFailures.remove(from);
                return new AdminLogin.Granted(new AdminCaller(hub.get().name(), from), false);
            }
        }
        return new AdminLogin.Refused(ProtocolError.ACCESS_DENIED, serverUser ? "wrong server administrator password"
                : "wrong hub administrator password or unknown hub " + user, failureDelay(from));
    }

    private long failureDelay(String from) {
        int n = adminFailures.merge(from, 1, Integer::sum);
        if (adminFailures.size() > 10_000) {
            adminFailures.clear(); // bounded: a flood of addresses only resets the waits
        }
        return Math.min(8000L, 250L << Math.min(n, 5));
    }
}
