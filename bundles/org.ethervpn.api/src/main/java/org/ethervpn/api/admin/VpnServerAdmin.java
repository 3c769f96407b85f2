package org.ethervpn.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Administration of a running EtherVPN server. Every change is persisted before the method returns
 * (the configuration file is written atomically, the previous one kept as backup). Names of hubs and
 * users are case-insensitive, as in SoftEther. Failures throw {@link AdminException}.
 */
@ProviderType
public interface VpnServerAdmin {
    List<HubInfo> hubList();

    HubInfo hubGet(String hub);

    void hubCreate(String hub);

    void hubDelete(String hub);

    void hubSetOnline(String hub, boolean online);

    /** 0 = no limit. */
    void hubSetMaxSessions(String hub, int maxSessions);

    /** Hidden (SoftEther's NoEnum): the hub is not listed to VPN clients that ask which hubs there are. */
    void hubSetHidden(String hub, boolean hidden);

    /**
     * Sets the hub administrator's password (SoftEther's {@code /HUB:} admin login); only SHA-0(password)
     * is kept. An empty password lets the hub be administered from this machine only.
     */
    void hubPasswordSet(String hub, char[] password);

    /** Sets the hub administrator's password hash SHA-0(password) directly (the admin RPC sends it so). */
    void hubPasswordHashSet(String hub, byte[] sha0);

    List<UserInfo> userList(String hub);

    UserInfo userGet(String hub, String user);

    /** Creates a password user with no usable password yet (like vpncmd's UserCreate). */
    void userCreate(String hub, String user, String realName, String note);

    void userDelete(String hub, String user);

    /** Sets a password (stored only as SoftEther's hash) and makes the user a password user. */
    void userPasswordSet(String hub, String user, char[] password);

    /**
     * The user's stored password hash SHA0(password + UPPER(user)), empty for a user without one.
     * SoftEther's GetUser hands it to administrators (spec §5.4), and SetUser gives it back.
     */
    byte[] userPasswordHashGet(String hub, String user);

    /**
     * Sets the stored password hash directly, SoftEther's SHA0(password + UPPER(user)) (20 bytes):
     * what SoftEther's admin RPC sends, so the password itself never reaches the server.
     */
    void userPasswordHashSet(String hub, String user, byte[] hash);

    /** Replaces the user's real name and note (null = empty). */
    void userSetInfo(String hub, String user, String realName, String note);

    /** Makes the user anonymous: anyone giving this name logs in without a password. */
    void userSetAnonymous(String hub, String user);

    /**
     * Enables or disables the account (SoftEther's {@code Access} policy): a disabled user's login
     * is refused with error 12 (ACCESS_DENIED) and its sessions end when it is disabled.
     */
    void userSetEnabled(String hub, String user, boolean enabled);

    /**
     * Sets when the account expires (null = never): from then on its login is refused with error 12,
     * and its sessions end if the time has already passed.
     */
    void userSetExpires(String hub, String user, Instant expires);

    List<SessionInfo> sessionList(String hub);

    SessionInfo sessionGet(String hub, String session);

    void sessionDisconnect(String hub, String session);

    List<MacEntryInfo> macTableList(String hub);

    List<CascadeInfo> cascadeList(String hub);

    CascadeInfo cascadeGet(String hub, String cascade);

    /**
     * Creates an offline cascade from {@code hub} to {@code remoteHub} at {@code server}
     * ("host:port") as {@code user}; set its password, then take it online.
     */
    void cascadeCreate(String hub, String cascade, String server, String remoteHub, String user);

    /** Stores the password as SoftEther's hash (the hashed login needs nothing else). */
    void cascadePasswordSet(String hub, String cascade, char[] password);

    /**
     * Changes where a cascade connects (vpncmd CascadeSet / CascadeUsernameSet). Its password is kept
     * when the user name stays (SoftEther's hash includes it), else cleared, and then the cascade
     * goes offline until a new password is set. An online cascade reconnects to the new destination.
     */
    void cascadeSet(String hub, String cascade, String server, String remoteHub, String user);

    /**
     * Replaces how the cascade connects (persisted); an online cascade reconnects with them. A null
     * {@link CascadeOptions#proxyPassword()} keeps the stored proxy password.
     */
    void cascadeOptionsSet(String hub, String cascade, CascadeOptions options);

    /** Sets the cascade's stored hash SHA0(password + UPPER(user)) directly (20 bytes), as the admin RPC sends it. */
    void cascadePasswordHashSet(String hub, String cascade, byte[] hash);

    /** Online: connects and keeps reconnecting every 10 s; offline: disconnects. */
    void cascadeSetOnline(String hub, String cascade, boolean online);

    void cascadeDelete(String hub, String cascade);

    /**
     * Bridges {@code hub} to the network interface {@code device} of this machine ({@code tap}: to a
     * new TAP device {@code tap_<device>} instead). Like SoftEther, neither the hub nor the device
     * has to exist yet: the bridge becomes active when both do. Creating an existing bridge again
     * changes nothing.
     */
    void bridgeCreate(String hub, String device, boolean tap);

    void bridgeDelete(String hub, String device);

    List<BridgeInfo> bridgeList();

    /** Network interfaces a local bridge can use (vpncmd's BridgeDeviceList). */
    List<String> bridgeDeviceList();

    /**
     * SoftEther's EnableSecureNAT / DisableSecureNAT: turns the hub's SecureNAT (virtual host, NAT,
     * DHCP server, with its {@link #secureNatOptionGet options}) on or off; saved, and started or
     * stopped at once. While no SecureNAT plugin is installed, or the hub is offline, it is on but
     * not running ({@link #secureNatStatus} says why); it starts when both are there. Turning it on
     * with options the plugin refuses is error 38 naming the problem, and leaves it off.
     */
    void secureNatSetEnabled(String hub, boolean enabled);

    /** The hub's SecureNAT settings (GetSecureNATOption), also while it is off. */
    SecureNatOptions secureNatOptionGet(String hub);

    /**
     * Replaces the hub's SecureNAT settings (SetSecureNATOption; vpncmd's SecureNatHostSet, NatSet,
     * DhcpSet are get-modify-set on them). Checked as SoftEther checks them (error 38 naming the
     * field); a running SecureNAT restarts with them (its NAT sessions and DHCP leases start afresh).
     */
    void secureNatOptionSet(String hub, SecureNatOptions options);

    /** SecureNAT's NAT sessions on the hub (EnumNAT); empty while it is not running, as SoftEther answers. */
    List<NatEntry> natList(String hub);

    /** SecureNAT's DHCP leases on the hub (EnumDHCP); empty while it is not running. */
    List<DhcpLease> dhcpList(String hub);

    /** SecureNAT's counters on the hub (GetSecureNATStatus), and whether it runs or why not. */
    SecureNatStatus secureNatStatus(String hub);

    /** A VPN Bridge (SoftEther's vpnbridge: the one hub BRIDGE) rather than a VPN Server. */
    boolean isBridge();

    /**
     * What this server can do, as SoftEther's {@code GetCaps} names it without its {@code caps_}
     * prefix ({@code b_*}: 0 or 1; {@code i_*}: a number), in a stable order. Admin tools hide what
     * a server cannot do from it (e.g. {@code b_support_config_rw}, {@code b_local_bridge}).
     */
    Map<String, Long> capabilities();

    /** What the server is (vpncmd's ServerInfoGet). */
    ServerInfo serverInfo();

    /** What the server is doing (vpncmd's ServerStatusGet). */
    ServerStatus serverStatus();

    /** The server's TLS certificate, DER-encoded (never its private key). */
    byte[] serverCertificateGet();

    /** Sets the server administrator's password; only SHA-0(password) is kept, as SoftEther does. */
    void serverPasswordSet(char[] password);

    /** Sets the server administrator's password hash SHA-0(password) directly (SoftEther's admin RPC sends it so). */
    void serverPasswordHashSet(byte[] sha0);

    List<ListenerInfo> listenerList();

    void listenerCreate(int port);

    void listenerDelete(int port);

    void listenerSetEnabled(int port, boolean enabled);

    ServerCipher serverCipherGet();

    /**
     * The configuration as the server would save it now (the UTF-8 text of {@code server.json}),
     * secrets included as they are stored (hashes only). For server administrators only.
     */
    byte[] configGet();

    /** Selects the cipher-suite plugin by name and optionally a subset of its suites (empty = its default). */
    void serverCipherSet(String provider, List<String> suites);

    /**
     * Imports a SoftEther {@code vpn_server.config} (its text): hubs replace hubs of the same name
     * (ignoring case) or are added, with their password and anonymous users (same password hashes,
     * so users keep their passwords) and cascades; listeners and local bridges not yet configured
     * are added; the cipher is set if a plugin offers it. All or nothing: a malformed text or an
     * invalid result changes nothing. Returns the report: one line per thing imported or skipped.
     */
    List<String> configImport(String text);

    /**
     * Replaces the whole configuration, as SoftEther's {@code ConfigSet} does: {@code config} is the
     * text of a {@code server.json} (as {@link #configGet()} returns it) or of a SoftEther
     * {@code vpn_server.config} (imported into an empty configuration, keeping this server's
     * administrator password and, if the file has none, its listeners). The new configuration is
     * checked whole first (nothing changes on an error), saved with a backup of the old one, then
     * applied: every VPN session ends, hubs, listeners, cascades and bridges restart from it.
     * Administration connections stay. Returns a report, one line per thing worth saying.
     */
    List<String> configSet(byte[] config);

    /** TCP connections that are not part of a VPN session: handshakes in progress and admin connections. */
    List<TcpConnectionInfo> connectionList();

    TcpConnectionInfo connectionGet(String name);

    /** Closes one of {@link #connectionList()}'s connections (error 29 OBJECT_NOT_FOUND if there is none). */
    void connectionDisconnect(String name);
}
