package org.ethervpn.admin.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ethervpn.admin.wire.BridgeWire;
import org.ethervpn.admin.wire.CascadeOptionsWire;
import org.ethervpn.admin.wire.CascadeWire;
import org.ethervpn.admin.wire.CipherWire;
import org.ethervpn.admin.wire.ConfigWire;
import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.admin.wire.ListenerWire;
import org.ethervpn.admin.wire.MacTableWire;
import org.ethervpn.admin.wire.ServerWire;
import org.ethervpn.admin.wire.SecureNatWire;
import org.ethervpn.admin.wire.SessionWire;
import org.ethervpn.admin.wire.UserWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.protocol.Sha0;

/**
 * {@link VpnServerAdmin} of a remote server: each method is the SoftEther admin RPC call(s) vpncmd
 * makes for the same command (admin spec §5, §6), the inverse of admin.rpc's {@code *Methods}.
 * Passwords are hashed here (SHA-0 schemes of spec §1.3), so they never travel. What the protocol
 * does not carry is filled in lossily (see the README); failures become {@link AdminException}s
 * with SoftEther's code and a sentence.
 */
public final class RemoteAdmin implements VpnServerAdmin {
    private final Rpc rpc;

    public RemoteAdmin(Rpc rpc) {
        this.rpc = rpc;
    }

    // ---------------------------------------------------------------- hubs

    @Override
    public List<HubInfo> hubList() {
        return HubWire.readList(call("EnumHub", new Pack(), "cannot list the hubs"));
    }

    @Override
    public HubInfo hubGet(String hub) {
        Pack s = call("GetHubStatus", HubWire.request(hub), "cannot get hub " + hub);
        return HubWire.read(s, call("GetHub", HubWire.request(hub), "cannot get hub " + hub));
    }

    @Override
    public void hubCreate(String hub) {
        // both hashes zero: the server takes the empty password (administration from its machine only)
        call("CreateHub", HubWire.createRequest(hub), "cannot create hub " + hub);
    }

    @Override
    public void hubDelete(String hub) {
        call("DeleteHub", HubWire.request(hub), "cannot delete hub " + hub);
    }

    @Override
    public void hubSetOnline(String hub, boolean online) {
        call("SetHubOnline", HubWire.onlineRequest(hub, online), "cannot take hub " + hub + (online ? " online" : " offline"));
    }

    @Override
    public void hubSetMaxSessions(String hub, int maxSessions) {
        Pack h = getHubForSet(hub);
        call("SetHub", HubWire.setMaxSessions(h, maxSessions), "cannot set the session limit of hub " + hub);
    }

    /** vpncmd's SetEnumDeny / SetEnumAllow: GetHub, NoEnum, SetHub. */
    @Override
    public void hubSetHidden(String hub, boolean hidden) {
        Pack h = getHubForSet(hub);
        call("SetHub", HubWire.setHidden(h, hidden), "cannot " + (hidden ? "hide" : "list") + " hub " + hub);
    }

    @Override
    public void hubPasswordSet(String hub, char[] password) {
        byte[] pw = utf8(password);
        try {
            Pack h = getHubForSet(hub);
            HubWire.setPassword(h, Sha0.hash(pw), Sha0.hash(pw, "ADMINISTRATOR".getBytes(StandardCharsets.US_ASCII)));
            call("SetHub", h, "cannot set the administrator password of hub " + hub);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public void hubPasswordHashSet(String hub, byte[] sha0) {
        // SetHub needs SecurePassword = SHA0(pw ‖ "ADMINISTRATOR") too, which a hash alone cannot give
        throw new AdminException(AdminError.NOT_SUPPORTED,
                "setting a hub password from its hash is not possible over the admin RPC; give the password");
    }

    /** GetHub's answer made into a SetHub request that keeps the passwords (both hashes zero). */
    private Pack getHubForSet(String hub) {
        return HubWire.setRequest(call("GetHub", HubWire.request(hub), "cannot get hub " + hub));
    }

    // ---------------------------------------------------------------- users

    @Override
    public List<UserInfo> userList(String hub) {
        return UserWire.readList(hub, call("EnumUser", HubWire.request(hub), "cannot list the users of hub " + hub));
    }

    @Override
    public UserInfo userGet(String hub, String user) {
        return UserWire.readGet(hub, getUser(hub, user));
    }

    @Override
    public void userCreate(String hub, String user, String realName, String note) {
        // as vpncmd's UserCreate: a password user with random hashes, so no password works yet
        SecureRandom r = new SecureRandom();
        byte[] key = new byte[20];
        byte[] nt = new byte[16];
        r.nextBytes(key);
        r.nextBytes(nt);
        call("CreateUser", UserWire.createRequest(hub, user, realName, note, key, nt),
                "cannot create user " + user + " on hub " + hub);
    }

    @Override
    public void userDelete(String hub, String user) {
        call("DeleteUser", HubWire.request(hub, user), "cannot delete user " + user + " of hub " + hub);
    }

    @Override
    public void userPasswordSet(String hub, String user, char[] password) {
        Pack u = getUser(hub, user);
        byte[] pw = utf8(password);
        try {
            // the stored name's case: the hash covers UPPER(name), the same either way
            UserWire.setPasswordHash(u, PasswordHash.hashedPassword(u.getStr("Name"), pw));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        call("SetUser", u, "cannot set the password of user " + user + " of hub " + hub);
    }

    @Override
    public byte[] userPasswordHashGet(String hub, String user) {
        Pack u = getUser(hub, user);
        return u.getInt("AuthType") == 1 ? u.getData("HashedKey") : new byte[0];
    }

    @Override
    public void userPasswordHashSet(String hub, String user, byte[] hash) {
        if (hash.length != PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has 20 bytes, not " + hash.length);
        }
        Pack u = getUser(hub, user);
        call("SetUser", UserWire.setPasswordHash(u, hash), "cannot set the password of user " + user + " of hub " + hub);
    }

    @Override
    public void userSetInfo(String hub, String user, String realName, String note) {
        Pack u = UserWire.setInfo(getUser(hub, user), realName, note);
        call("SetUser", u, "cannot change user " + user + " of hub " + hub);
    }

    @Override
    public void userSetAnonymous(String hub, String user) {
        Pack u = UserWire.setAnonymous(getUser(hub, user));
        call("SetUser", u, "cannot make user " + user + " of hub " + hub + " anonymous");
    }

    /**
     * As vpncmd's UserPolicySet NAME /NAME:Access: a user without a policy of its own first gets
     * SoftEther's default policy (so nothing else changes), then its {@code Access} item is set.
     */
    @Override
    public void userSetEnabled(String hub, String user, boolean enabled) {
        Pack u = UserWire.setEnabled(getUser(hub, user), enabled);
        call("SetUser", u, "cannot " + (enabled ? "enable" : "disable") + " user " + user + " of hub " + hub);
    }

    /** As vpncmd's UserExpiresSet: GetUser, ExpireTime (0 = never), SetUser. */
    @Override
    public void userSetExpires(String hub, String user, Instant expires) {
        Pack u = UserWire.setExpires(getUser(hub, user), expires);
        call("SetUser", u, "cannot set the expiry of user " + user + " of hub " + hub);
    }

    /** GetUser's answer: also the base of the SetUser request, which replaces every field (spec §5.4). */
    private Pack getUser(String hub, String user) {
        return call("GetUser", HubWire.request(hub, user), "cannot get user " + user + " of hub " + hub);
    }

    // ---------------------------------------------------------------- sessions

    @Override
    public List<SessionInfo> sessionList(String hub) {
        return SessionWire.readList(hub, call("EnumSession", HubWire.request(hub), "cannot list the sessions of hub " + hub));
    }

    @Override
    public SessionInfo sessionGet(String hub, String session) {
        return SessionWire.readStatus(hub, call("GetSessionStatus", HubWire.request(hub, session),
                "cannot get session " + session + " of hub " + hub));
    }

    @Override
    public void sessionDisconnect(String hub, String session) {
        call("DeleteSession", HubWire.request(hub, session), "cannot disconnect session " + session + " of hub " + hub);
    }

    @Override
    public List<MacEntryInfo> macTableList(String hub) {
        return MacTableWire.readList(hub, call("EnumMacTable", HubWire.request(hub), "cannot list the MAC table of hub " + hub));
    }

    // ---------------------------------------------------------------- cascades

    @Override
    public List<CascadeInfo> cascadeList(String hub) {
        return CascadeWire.readList(hub, call("EnumLink", HubWire.request(hub), "cannot list the cascades of hub " + hub));
    }

    @Override
    public CascadeInfo cascadeGet(String hub, String cascade) {
        Pack l = getLink(hub, cascade);
        Pack status = null;
        String lastError = null;
        if (l.getBool("Online")) {
            try {
                status = rpc.call("GetLinkStatus", CascadeWire.name(hub, cascade));
            } catch (RpcFailure f) {
                lastError = message(f);
            }
        }
        return CascadeWire.readLink(hub, l, status, lastError);
    }

    @Override
    public void cascadeCreate(String hub, String cascade, String server, String remoteHub, String user) {
        call("CreateLink", CascadeWire.createRequest(hub, cascade, endpoint(server), remoteHub, user),
                "cannot create cascade " + cascade + " on hub " + hub);
    }

    /** vpncmd's CascadeSet / CascadeUsernameSet: GetLink, change the destination, SetLink. */
    @Override
    public void cascadeSet(String hub, String cascade, String server, String remoteHub, String user) {
        Pack l = CascadeWire.setDestination(getLink(hub, cascade), endpoint(server), remoteHub, user);
        call("SetLink", l, "cannot change cascade " + cascade + " of hub " + hub);
    }

    /** vpncmd's CascadeDetailSet, CascadeProxy*, CascadeServerCert*, ...: GetLink, the options, SetLink. */
    @Override
    public void cascadeOptionsSet(String hub, String cascade, CascadeOptions options) {
        Pack l = CascadeOptionsWire.writeRequest(getLink(hub, cascade), options);
        call("SetLink", l, "cannot set the options of cascade " + cascade + " on hub " + hub);
    }

    @Override
    public void cascadePasswordSet(String hub, String cascade, char[] password) {
        Pack l = getLink(hub, cascade);
        byte[] pw = utf8(password);
        try {
            cascadeHash(hub, cascade, l, PasswordHash.hashedPassword(l.getStr("Username"), pw));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public void cascadePasswordHashSet(String hub, String cascade, byte[] hash) {
        cascadeHash(hub, cascade, getLink(hub, cascade), hash);
    }

    private void cascadeHash(String hub, String cascade, Pack link, byte[] hash) {
        call("SetLink", CascadeWire.setPasswordHash(link, hash), "cannot set the password of cascade " + cascade + " on hub " + hub);
    }

    private Pack getLink(String hub, String cascade) {
        return call("GetLink", CascadeWire.name(hub, cascade), "cannot get cascade " + cascade + " of hub " + hub);
    }

    @Override
    public void cascadeSetOnline(String hub, String cascade, boolean online) {
        call(online ? "SetLinkOnline" : "SetLinkOffline", CascadeWire.hubRequest(hub, cascade),
                "cannot take cascade " + cascade + (online ? " online" : " offline"));
    }

    @Override
    public void cascadeDelete(String hub, String cascade) {
        call("DeleteLink", CascadeWire.hubRequest(hub, cascade), "cannot delete cascade " + cascade + " of hub " + hub);
    }

    // ---------------------------------------------------------------- local bridges

    @Override
    public void bridgeCreate(String hub, String device, boolean tap) {
        call("AddLocalBridge", BridgeWire.writeRequest(hub, device, tap, true), "cannot bridge hub " + hub + " to " + device);
    }

    @Override
    public void bridgeDelete(String hub, String device) {
        call("DeleteLocalBridge", BridgeWire.writeRequest(hub, device, false, false),
                "cannot delete the bridge of hub " + hub + " to " + device);
    }

    @Override
    public List<BridgeInfo> bridgeList() {
        return BridgeWire.readList(call("EnumLocalBridge", new Pack(), "cannot list the local bridges"));
    }

    @Override
    public List<String> bridgeDeviceList() {
        return BridgeWire.readDevices(call("EnumEthernet", new Pack(), "cannot list the network devices"));
    }

    // ---------------------------------------------------------------- SecureNAT

    @Override
    public void secureNatSetEnabled(String hub, boolean enabled) {
        call(enabled ? "EnableSecureNAT" : "DisableSecureNAT", HubWire.request(hub),
                "cannot " + (enabled ? "enable" : "disable") + " SecureNAT on hub " + hub);
    }

    @Override
    public SecureNatOptions secureNatOptionGet(String hub) {
        return SecureNatWire.readOption(call("GetSecureNATOption", SecureNatWire.optionRequest(hub),
                "cannot get the SecureNAT settings of hub " + hub));
    }

    /** The whole VH_OPTION, as vpncmd's NatSet/DhcpSet/SecureNatHostSet send it after their GetSecureNATOption. */
    @Override
    public void secureNatOptionSet(String hub, SecureNatOptions options) {
        call("SetSecureNATOption", SecureNatWire.writeOption(hub, options), "cannot set the SecureNAT settings of hub " + hub);
    }

    @Override
    public List<NatEntry> natList(String hub) {
        return SecureNatWire.readNatList(call("EnumNAT", HubWire.request(hub), "cannot list the NAT sessions of hub " + hub));
    }

    @Override
    public List<DhcpLease> dhcpList(String hub) {
        return SecureNatWire.readDhcpList(call("EnumDHCP", HubWire.request(hub), "cannot list the DHCP leases of hub " + hub));
    }

    /** GetSecureNATStatus, and GetHubStatus for whether it is on (the status itself does not say). */
    @Override
    public SecureNatStatus secureNatStatus(String hub) {
        Pack s = call("GetSecureNATStatus", HubWire.request(hub), "cannot get the SecureNAT status of hub " + hub);
        boolean on = call("GetHubStatus", HubWire.request(hub), "cannot get hub " + hub).getBool("SecureNATEnabled");
        return SecureNatWire.readStatus(s, on);
    }

    // ---------------------------------------------------------------- server

    @Override
    public boolean isBridge() {
        return ServerWire.isBridge(call("GetCaps", new Pack(), "cannot get the server's capabilities"));
    }

    /** GetCaps: every {@code caps_*} integer of the answer, its name without the prefix, in the server's order. */
    @Override
    public Map<String, Long> capabilities() {
        return ServerWire.readCaps(call("GetCaps", new Pack(), "cannot get the server's capabilities"));
    }

    /** GetServerCert: only its {@code Cert}; the {@code Key} a server administrator also receives is dropped unread. */
    @Override
    public byte[] serverCertificateGet() {
        byte[] der = ServerWire.readCert(call("GetServerCert", new Pack(), "cannot get the server certificate"));
        if (der.length == 0) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "the server sent no certificate");
        }
        return der;
    }

    @Override
    public ServerInfo serverInfo() {
        Pack i = call("GetServerInfo", new Pack(), "cannot get the server information");
        Pack s = call("GetServerStatus", new Pack(), "cannot get the server status");
        boolean bridge;
        try {
            bridge = isBridge();
        } catch (AdminException e) {
            bridge = false;
        }
        return ServerWire.readInfo(i, s, bridge);
    }

    @Override
    public ServerStatus serverStatus() {
        return ServerWire.readStatus(call("GetServerStatus", new Pack(), "cannot get the server status"));
    }

    @Override
    public void serverPasswordSet(char[] password) {
        byte[] pw = utf8(password);
        try {
            serverPasswordHashSet(Sha0.hash(pw));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public void serverPasswordHashSet(byte[] sha0) {
        call("SetServerPassword", ServerWire.passwordRequest(sha0), "cannot set the server password");
    }

    @Override
    public List<ListenerInfo> listenerList() {
        return ListenerWire.readList(call("EnumListener", new Pack(), "cannot list the listeners"));
    }

    @Override
    public void listenerCreate(int port) {
        call("CreateListener", ListenerWire.writeRequest(port, true), "cannot create listener " + port);
    }

    @Override
    public void listenerDelete(int port) {
        call("DeleteListener", ListenerWire.writeRequest(port), "cannot delete listener " + port);
    }

    @Override
    public void listenerSetEnabled(int port, boolean enabled) {
        call("EnableListener", ListenerWire.writeRequest(port, enabled),
                "cannot " + (enabled ? "enable" : "disable") + " listener " + port);
    }

    /**
     * The RPC names no cipher plugin, only the suites (OpenSSL names on SoftEther, as our server
     * gives them): provider is "", available suites are GetServerCipherList's.
     */
    @Override
    public ServerCipher serverCipherGet() {
        String now = CipherWire.read(call("GetServerCipher", new Pack(), "cannot get the server cipher"));
        String all = CipherWire.read(call("GetServerCipherList", new Pack(), "cannot get the server cipher list"));
        return new ServerCipher("", CipherWire.suites(now), true, List.of(), CipherWire.suites(all));
    }

    /** The provider cannot be chosen remotely; the suites are passed as given (";"-joined). */
    @Override
    public void serverCipherSet(String provider, List<String> suites) {
        call("SetServerCipher", CipherWire.write(suites), "cannot set the server cipher");
    }

    @Override
    public byte[] configGet() {
        return ConfigWire.readFile(call("GetConfig", new Pack(), "cannot get the configuration"));
    }

    /** EtherVPN's EvImportConfig (a SoftEther server has no import: 33, said in words). */
    @Override
    public List<String> configImport(String text) {
        return ConfigWire.readReport(call("EvImportConfig", ConfigWire.writeImportRequest(text.getBytes(StandardCharsets.UTF_8)),
                "cannot import the configuration (only an EtherVPN server imports one)"));
    }

    @Override
    public List<String> configSet(byte[] config) {
        return new RemoteConfigAndConnections(this).configSet(config);
    }

    @Override
    public List<TcpConnectionInfo> connectionList() {
        return new RemoteConfigAndConnections(this).list();
    }

    @Override
    public TcpConnectionInfo connectionGet(String name) {
        return new RemoteConfigAndConnections(this).get(name);
    }

    @Override
    public void connectionDisconnect(String name) {
        new RemoteConfigAndConnections(this).disconnect(name);
    }

    // ---------------------------------------------------------------- helpers

    Pack call(String function, Pack request, String what) {
        try {
            return rpc.call(function, request);
        } catch (RpcFailure f) {
            throw failure(f, what);
        }
    }

    /** The server's code as our AdminError where one matches; the sentence keeps the real code otherwise. */
    static AdminException failure(RpcFailure f, String what) {
        AdminError e = AdminError.of(f.code()).orElse(null);
        String text = message(f);
        if (e == null) {
            return new AdminException(AdminError.INTERNAL_ERROR, what + ": " + text + " (server error " + f.code()
                    + ProtocolError.fromCode(f.code()).map(p -> ", " + p.softEtherName()).orElse("") + ")", f);
        }
        return new AdminException(e, what + ": " + text, f);
    }

    private static String message(RpcFailure f) {
        if (f.getMessage() != null && !f.getMessage().isEmpty()) {
            return f.getMessage();
        }
        String m = ProtocolError.fromCode(f.code()).map(ProtocolError::message).orElse("error " + f.code());
        return m.endsWith(".") ? m.substring(0, m.length() - 1).toLowerCase(Locale.ROOT)
                : m.toLowerCase(Locale.ROOT);
    }

    /** {@code host:port} as the server's own admin parses it, refused with the same error. */
    private static Endpoint endpoint(String server) {
        try {
            return Endpoint.parse(server);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminError.INVALID_PARAMETER, e.getMessage());
        }
    }


    static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }
}
