package org.ethervpn.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Server administration from Gogo, named after vpncmd's commands in lower case. Hub-scoped
 * commands take the hub first, so one line works from bash:
 * {@code ethervpn shell -c 'vpn:usercreate DEFAULT alice'}. Thin over {@link VpnServerAdmin}: the
 * same calls the RPC and the console make. Errors become one line with SoftEther's error code.
 */
@Component(service = ServerCommands.class)
@GogoCommand(scope = "vpn", function = {
    "hublist", "hubget", "hubcreate", "hubdelete", "online", "offline", "setmaxsession", "userlist",
    "userget", "usercreate", "userdelete", "userpasswordset", "useranonymousset", "userset", "userenable",
    "userdisable", "userexpiresset", "sessionlist", "sessionget", "sessiondisconnect", "mactablelist",
    "cascadelist", "cascadestatusget", "cascadeget", "cascadeset", "cascadecreate", "cascadepasswordset",
    "cascadeonline", "cascadeoffline", "cascadedelete", "bridgecreate", "bridgedelete", "bridgelist",
    "bridgedevicelist", "listenerlist", "listenercreate", "listenerdelete", "listenerenable",
    "listenerdisable", "servercipherget", "servercipherset", "serverinfoget", "serverstatusget",
    "serverpasswordset", "sethubpassword", "configimport"})
public final class ServerCommands {
    private final VpnServerAdmin admin;

    @Activate
    public ServerCommands(@Reference VpnServerAdmin admin) {
        this.admin = admin;
    }

    /** One row of {@code sessionlist}: the session without its connection list. */
    public record SessionRow(String name, String user, String remote, String connections, boolean encrypted,
            boolean compressed, boolean halfDuplex, boolean bridgeMode, long framesIn, long bytesIn, long framesOut,
            long bytesOut, long framesDropped) {
    }

    // ---------------------------------------------------------------- hubs

    @Descriptor("list the Virtual Hubs")
    public List<HubInfo> hublist() {
        return call(admin::hubList);
    }

    @Descriptor("show a hub's status (vpncmd StatusGet)")
    public HubInfo hubget(@Descriptor("hub") String hub) {
        return call(() -> admin.hubGet(hub));
    }

    @Descriptor("create a Virtual Hub (online, no users)")
    public String hubcreate(@Descriptor("hub") String hub) {
        return run(() -> admin.hubCreate(hub), "hub " + hub + " created");
    }

    @Descriptor("delete a Virtual Hub, disconnecting its sessions")
    public String hubdelete(@Descriptor("hub") String hub) {
        return run(() -> admin.hubDelete(hub), "hub " + hub + " deleted");
    }

    @Descriptor("take a hub online")
    public String online(@Descriptor("hub") String hub) {
        return run(() -> admin.hubSetOnline(hub, true), "hub " + hub + " is online");
    }

    @Descriptor("take a hub offline, disconnecting its sessions")
    public String offline(@Descriptor("hub") String hub) {
        return run(() -> admin.hubSetOnline(hub, false), "hub " + hub + " is offline");
    }

    @Descriptor("set a hub's maximum number of sessions (0 = no limit)")
    public String setmaxsession(@Descriptor("hub") String hub, @Descriptor("maximum") int max) {
        return run(() -> admin.hubSetMaxSessions(hub, max), "hub " + hub + ": at most " + max + " sessions");
    }

    // ---------------------------------------------------------------- users

    @Descriptor("list a hub's users")
    public List<UserInfo> userlist(@Descriptor("hub") String hub) {
        return call(() -> admin.userList(hub));
    }

    @Descriptor("show a user")
    public UserInfo userget(@Descriptor("hub") String hub, @Descriptor("user") String user) {
        return call(() -> admin.userGet(hub, user));
    }

    @Descriptor("create a password user (set the password with userpasswordset)")
    public String usercreate(
            @Descriptor("real name") @Parameter(names = {"-r", "--realname"}, absentValue = "") String realName,
            @Descriptor("note") @Parameter(names = {"-n", "--note"}, absentValue = "") String note,
            @Descriptor("hub") String hub, @Descriptor("user") String user) {
        return run(() -> admin.userCreate(hub, user, realName, note), "user " + user + " created on hub " + hub);
    }

    @Descriptor("change a user's real name and note (vpncmd UserSet)")
    public String userset(
            @Descriptor("real name") @Parameter(names = {"-r", "--realname"}, absentValue = "") String realName,
            @Descriptor("note") @Parameter(names = {"-n", "--note"}, absentValue = "") String note,
            @Descriptor("hub") String hub, @Descriptor("user") String user) {
        return run(() -> admin.userSetInfo(hub, user, realName, note), "user " + user + " of hub " + hub + " changed");
    }

    @Descriptor("delete a user")
    public String userdelete(@Descriptor("hub") String hub, @Descriptor("user") String user) {
        return run(() -> admin.userDelete(hub, user), "user " + user + " deleted from hub " + hub);
    }

    @Descriptor("set a user's password (stored only as SoftEther's hash)")
    public String userpasswordset(@Descriptor("hub") String hub, @Descriptor("user") String user,
            @Descriptor("password") String password) {
        return run(() -> admin.userPasswordSet(hub, user, password.toCharArray()), "password of " + user + " set");
    }

    @Descriptor("make a user anonymous: anyone giving this name logs in without a password")
    public String useranonymousset(@Descriptor("hub") String hub, @Descriptor("user") String user) {
        return run(() -> admin.userSetAnonymous(hub, user), "user " + user + " is anonymous");
    }

    @Descriptor("enable a user's account (SoftEther's policy Access yes)")
    public String userenable(@Descriptor("hub") String hub, @Descriptor("user") String user) {
        return run(() -> admin.userSetEnabled(hub, user, true), "user " + user + " of hub " + hub + " is enabled");
    }

    @Descriptor("disable a user's account: its logins are refused (error 12) and its sessions end")
    public String userdisable(@Descriptor("hub") String hub, @Descriptor("user") String user) {
        return run(() -> admin.userSetEnabled(hub, user, false), "user " + user + " of hub " + hub + " is disabled");
    }

    @Descriptor("set when a user's account expires (vpncmd UserExpiresSet), in this machine's time zone")
    public String userexpiresset(@Descriptor("hub") String hub, @Descriptor("user") String user,
            @Descriptor("YYYY-MM-DD[THH:MM[:SS]] (local time; 00:00 if no time) or none") String when) {
        Instant expires = expiry(when, ZoneId.systemDefault());
        return run(() -> admin.userSetExpires(hub, user, expires), "user " + user + " of hub " + hub
                + (expires == null ? " never expires" : " expires at " + expires + " (" + when + " local time)"));
    }

    /** "none" → null; "2030-01-31", "2030-01-31T08:00", "2030-01-31T08:00:30" (or a space for T) in {@code zone}. */
    static Instant expiry(String text, ZoneId zone) {
        String t = text.strip();
        if (t.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expiry \"" + text + "\": give YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time)"
                    + " or none");
        }
    }

    // ---------------------------------------------------------------- sessions

    @Descriptor("list a hub's sessions with their connections and counters")
    public List<SessionRow> sessionlist(@Descriptor("hub") String hub) {
        return call(() -> admin.sessionList(hub)).stream().map(ServerCommands::row).toList();
    }

    @Descriptor("show a session and each of its TCP connections")
    public SessionInfo sessionget(@Descriptor("hub") String hub, @Descriptor("session") String session) {
        return call(() -> admin.sessionGet(hub, session));
    }

    @Descriptor("disconnect a session")
    public String sessiondisconnect(@Descriptor("hub") String hub, @Descriptor("session") String session) {
        return run(() -> admin.sessionDisconnect(hub, session), "session " + session + " disconnected");
    }

    @Descriptor("list the MAC addresses a hub has learned")
    public List<MacEntryInfo> mactablelist(@Descriptor("hub") String hub) {
        return call(() -> admin.macTableList(hub));
    }

    // ---------------------------------------------------------------- cascades

    @Descriptor("list a hub's cascade connections with their state")
    public List<CascadeInfo> cascadelist(@Descriptor("hub") String hub) {
        return call(() -> admin.cascadeList(hub));
    }

    @Descriptor("show a cascade connection's settings and state (vpncmd CascadeGet)")
    public CascadeInfo cascadeget(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade) {
        return cascadestatusget(hub, cascade); // one record holds both the settings and the state
    }

    @Descriptor("change where a cascade connects (vpncmd CascadeSet); a new user name clears its password")
    public String cascadeset(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade,
            @Descriptor("server host:port") String server, @Descriptor("remote hub") String remoteHub,
            @Descriptor("user on the remote hub") String user) {
        return run(() -> admin.cascadeSet(hub, cascade, server, remoteHub, user), "cascade " + cascade + " of hub " + hub
                + " now connects to " + remoteHub + " on " + server + " as " + user);
    }

    @Descriptor("show a cascade connection's state")
    public CascadeInfo cascadestatusget(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade) {
        return call(() -> admin.cascadeGet(hub, cascade));
    }

    @Descriptor("create an offline cascade: this hub joins a hub of another server as a client session")
    public String cascadecreate(@Descriptor("hub") String hub, @Descriptor("cascade name") String cascade,
            @Descriptor("server host:port") String server, @Descriptor("remote hub") String remoteHub,
            @Descriptor("user on the remote hub") String user) {
        return run(() -> admin.cascadeCreate(hub, cascade, server, remoteHub, user), "cascade " + cascade + " created");
    }

    @Descriptor("set the password the cascade logs in with (stored as SoftEther's hash)")
    public String cascadepasswordset(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade,
            @Descriptor("password") String password) {
        return run(() -> admin.cascadePasswordSet(hub, cascade, password.toCharArray()),
                "password of cascade " + cascade + " set");
    }

    @Descriptor("take a cascade online: it connects and reconnects every 10 s")
    public String cascadeonline(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade) {
        return run(() -> admin.cascadeSetOnline(hub, cascade, true), "cascade " + cascade + " is online");
    }

    @Descriptor("take a cascade offline (disconnects it)")
    public String cascadeoffline(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade) {
        return run(() -> admin.cascadeSetOnline(hub, cascade, false), "cascade " + cascade + " is offline");
    }

    @Descriptor("delete a cascade")
    public String cascadedelete(@Descriptor("hub") String hub, @Descriptor("cascade") String cascade) {
        return run(() -> admin.cascadeDelete(hub, cascade), "cascade " + cascade + " deleted");
    }

    // ---------------------------------------------------------------- server

    @Descriptor("show what the server is (product, version, host)")
    public ServerInfo serverinfoget() {
        return call(admin::serverInfo);
    }

    @Descriptor("show what the server is doing (hubs, sessions, connections, traffic)")
    public ServerStatus serverstatusget() {
        return call(admin::serverStatus);
    }

    @Descriptor("set the administrator password of the admin RPC and JSON-RPC (only its SHA-0 hash is kept)")
    public String serverpasswordset(@Descriptor("password") String password) {
        return run(() -> admin.serverPasswordSet(password.toCharArray()), "administrator password set");
    }

    @Descriptor("set a hub's administrator password (vpncmd /HUB:<hub> /PASSWORD:<password>; only its SHA-0 hash is kept)")
    public String sethubpassword(@Descriptor("hub") String hub, @Descriptor("password") String password) {
        return run(() -> admin.hubPasswordSet(hub, password.toCharArray()), "administrator password of hub " + hub + " set");
    }

    // ---------------------------------------------------------------- local bridges

    @Descriptor("bridge a hub to a network interface of this machine (--tap yes: to a new TAP device tap_<device>)")
    public String bridgecreate(
            @Descriptor("network interface, or the TAP device's name") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("yes: create a TAP device") @Parameter(names = "--tap", absentValue = "no") String tap,
            @Descriptor("hub") String hub) {
        boolean isTap = yes(tap, "--tap");
        return run(() -> admin.bridgeCreate(hub, device, isTap), "local bridge of hub " + hub + " to "
                + (isTap ? "TAP device tap_" + device.toLowerCase(Locale.ROOT) : device) + " created");
    }

    @Descriptor("delete a local bridge")
    public String bridgedelete(
            @Descriptor("network interface") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("hub") String hub) {
        return run(() -> admin.bridgeDelete(hub, device), "local bridge of hub " + hub + " to " + device + " deleted");
    }

    @Descriptor("list the local bridges and their state")
    public List<BridgeInfo> bridgelist() {
        return call(admin::bridgeList);
    }

    @Descriptor("list the network interfaces a local bridge can use")
    public List<String> bridgedevicelist() {
        return call(admin::bridgeDeviceList);
    }

    // ---------------------------------------------------------------- listeners and cipher

    @Descriptor("list the TCP listeners and their state")
    public List<ListenerInfo> listenerlist() {
        return call(admin::listenerList);
    }

    @Descriptor("add a TCP listener")
    public String listenercreate(@Descriptor("port") int port) {
        return run(() -> admin.listenerCreate(port), "listener " + port + " created");
    }

    @Descriptor("delete a TCP listener")
    public String listenerdelete(@Descriptor("port") int port) {
        return run(() -> admin.listenerDelete(port), "listener " + port + " deleted");
    }

    @Descriptor("enable a TCP listener")
    public String listenerenable(@Descriptor("port") int port) {
        return run(() -> admin.listenerSetEnabled(port, true), "listener " + port + " enabled");
    }

    @Descriptor("disable a TCP listener (keeps it in the configuration)")
    public String listenerdisable(@Descriptor("port") int port) {
        return run(() -> admin.listenerSetEnabled(port, false), "listener " + port + " disabled");
    }

    @Descriptor("show the server's TLS cipher plugin, its enabled suites and what is available")
    public ServerCipher servercipherget() {
        return call(admin::serverCipherGet);
    }

    @Descriptor("select the TLS cipher plugin and optionally some of its suites (none = its default list)")
    public String servercipherset(@Descriptor("cipher plugin name") String provider,
            @Descriptor("cipher suites (IANA names)") String... suites) {
        return run(() -> admin.serverCipherSet(provider, List.of(suites)), "server cipher: " + provider
                + (suites.length == 0 ? " (its default suites)" : " " + String.join(" ", suites)));
    }

    // ---------------------------------------------------------------- SoftEther configuration import

    /** Larger than any real vpn_server.config; the server bounds the text again. */
    static final long MAX_IMPORT_BYTES = 64L * 1024 * 1024;

    @Descriptor("import a SoftEther vpn_server.config: hubs with their users and cascades, listeners, local bridges,"
            + " cipher (a path as the server process sees it)")
    public String configimport(@Descriptor("vpn_server.config") String file) {
        String text = new String(readConfigFile(file), StandardCharsets.UTF_8);
        return String.join("\n", call(() -> admin.configImport(text)));
    }

    /** A configuration file the shell's process reads, bounded; failures say which file and why. */
    static byte[] readConfigFile(String file) {
        Path p = Path.of(file).toAbsolutePath();
        try {
            if (Files.size(p) > MAX_IMPORT_BYTES) {
                throw new IllegalArgumentException(p + " is larger than " + MAX_IMPORT_BYTES + " bytes");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static SessionRow row(SessionInfo s) {
        return new SessionRow(s.name(), s.user(), s.remote(), s.connections().size() + "/" + s.maxConnections(),
                s.encrypted(), s.compressed(), s.halfDuplex(), s.bridgeMode(), s.framesIn(), s.bytesIn(), s.framesOut(),
                s.bytesOut(), s.framesDropped());
    }

    /** A yes/no option (vpncmd's style), with an error that names it. */
    static boolean yes(String v, String option) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new IllegalArgumentException(option + " must be yes or no, not " + v);
        };
    }

    /** Runs an admin call; its refusal becomes the one-line error Gogo prints. */
    static <T> T call(Supplier<T> s) {
        try {
            return s.get();
        } catch (AdminException e) {
            throw failure(e);
        }
    }

    static String run(Runnable r, String done) {
        try {
            r.run();
            return done;
        } catch (AdminException e) {
            throw failure(e);
        }
    }

    /** "hub NOPE does not exist (error 8, HUB_NOT_FOUND)": the reason, then the code vpncmd users know. */
    static IllegalArgumentException failure(AdminException e) {
        return new IllegalArgumentException(e.getMessage() + " (error " + e.error().code() + ", " + e.error() + ")", e);
    }
}
