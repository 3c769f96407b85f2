package org.ethervpn.shell;

import static org.ethervpn.shell.ServerCommands.call;
import static org.ethervpn.shell.ServerCommands.run;
import static org.ethervpn.shell.ServerCommands.yes;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.client.AccountInfo;
import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.AccountStatus;
import org.ethervpn.api.client.NicInfo;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.client.VpnClientAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * VPN client administration from Gogo, named after vpncmd's client commands in lower case
 * ({@code vpn:accountcreate}, {@code vpn:niccreate}, ...); the account name comes first. Thin over
 * {@link VpnClientAdmin}. Present only in a runtime with the client service.
 */
@Component(service = ClientCommands.class)
@GogoCommand(scope = "vpn", function = {
    "accountlist", "accountget", "accountcreate", "accountset", "accountdelete", "accountdetailset",
    "accountpasswordset", "accountanonymousset", "accountencryptenable", "accountencryptdisable",
    "accountcompressenable", "accountcompressdisable", "accountproxynone", "accountproxyhttp",
    "accountproxysocks", "accountproxysocks5", "accountretryset", "accountservercertset",
    "accountservercertdisable", "accountconnect", "accountdisconnect", "accountstatusget", "niclist",
    "niccreate", "nicdelete"})
public final class ClientCommands {
    private final VpnClientAdmin admin;

    @Activate
    public ClientCommands(@Reference VpnClientAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("list the connection settings (accounts) and their state")
    public List<AccountInfo> accountlist() {
        return call(admin::accountList);
    }

    @Descriptor("show an account's settings (passwords are not shown)")
    public AccountSettings accountget(@Descriptor("account") String name) {
        return call(() -> admin.accountGet(name));
    }

    @Descriptor("create an account: anonymous login, 1 TCP connection, encryption on, retry every 15 s forever")
    public String accountcreate(
            @Descriptor("VPN server host:port") @Parameter(names = "--server", absentValue = "") String server,
            @Descriptor("Virtual Hub") @Parameter(names = "--hub", absentValue = "") String hub,
            @Descriptor("user name") @Parameter(names = "--user", absentValue = "") String user,
            @Descriptor("virtual network adapter") @Parameter(names = "--nic", absentValue = "") String nic,
            @Descriptor("account") String name) {
        return run(() -> admin.accountCreate(AccountSettings.defaults(name, server, hub, user, nic)),
                "account " + name + " created");
    }

    @Descriptor("change an account's server, hub, user or adapter (vpncmd AccountSet)")
    public String accountset(
            @Descriptor("VPN server host:port") @Parameter(names = "--server", absentValue = "") String server,
            @Descriptor("Virtual Hub") @Parameter(names = "--hub", absentValue = "") String hub,
            @Descriptor("user name") @Parameter(names = "--user", absentValue = "") String user,
            @Descriptor("virtual network adapter") @Parameter(names = "--nic", absentValue = "") String nic,
            @Descriptor("account") String name) {
        return edit(name, (s, b) -> b.server(or(server, s.server())).hub(or(hub, s.hub())).user(or(user, s.user()))
                .nic(or(nic, s.nic())));
    }

    @Descriptor("delete an account (not while it is connected)")
    public String accountdelete(@Descriptor("account") String name) {
        return run(() -> admin.accountDelete(name), "account " + name + " deleted");
    }

    @Descriptor("set the advanced communication settings (vpncmd AccountDetailSet)")
    public String accountdetailset(
            @Descriptor("TCP connections 1..32") @Parameter(names = "--maxtcp", absentValue = "0") int maxTcp,
            @Descriptor("seconds between additional connections, >= 1") @Parameter(names = "--interval", absentValue = "0") int interval,
            @Descriptor("connection lifetime in seconds, 0 = off") @Parameter(names = "--ttl", absentValue = "-1") int ttl,
            @Descriptor("half-duplex yes|no") @Parameter(names = "--half", absentValue = "") String half,
            @Descriptor("VoIP/QoS yes|no") @Parameter(names = "--qos", absentValue = "") String qos,
            @Descriptor("account") String name) {
        return edit(name, (s, b) -> b.maxConnections(maxTcp == 0 ? s.maxConnections() : maxTcp)
                .intervalSeconds(interval == 0 ? s.intervalSeconds() : interval)
                .lifetimeSeconds(ttl < 0 ? s.lifetimeSeconds() : ttl)
                .halfDuplex(half.isEmpty() ? s.halfDuplex() : yes(half, "--half"))
                .qos(qos.isEmpty() ? s.qos() : yes(qos, "--qos")));
    }

    @Descriptor("log in with a password: standard (only SoftEther's hash is kept) or radius (plain, for RADIUS/NT domain)")
    public String accountpasswordset(
            @Descriptor("standard|radius") @Parameter(names = "--type", absentValue = "standard") String type,
            @Descriptor("account") String name, @Descriptor("password") String password) {
        AccountSettings.Auth auth = switch (type.toLowerCase(Locale.ROOT)) {
            case "standard" -> AccountSettings.Auth.PASSWORD;
            case "radius" -> AccountSettings.Auth.PLAIN_PASSWORD;
            default -> throw new IllegalArgumentException("--type must be standard or radius, not " + type);
        };
        return edit(name, (s, b) -> b.auth(auth).password(password));
    }

    @Descriptor("log in anonymously")
    public String accountanonymousset(@Descriptor("account") String name) {
        return edit(name, (s, b) -> b.auth(AccountSettings.Auth.ANONYMOUS));
    }

    @Descriptor("encrypt the tunnel (the default)")
    public String accountencryptenable(@Descriptor("account") String name) {
        return edit(name, (s, b) -> b.encrypt(true));
    }

    @Descriptor("do not encrypt the tunnel after the login (authentication stays under TLS)")
    public String accountencryptdisable(@Descriptor("account") String name) {
        return edit(name, (s, b) -> b.encrypt(false));
    }

    @Descriptor("compress the tunnel (deflate, fastest level)")
    public String accountcompressenable(@Descriptor("account") String name) {
        return edit(name, (s, b) -> b.compress(true));
    }

    @Descriptor("do not compress the tunnel (the default)")
    public String accountcompressdisable(@Descriptor("account") String name) {
        return edit(name, (s, b) -> b.compress(false));
    }

    @Descriptor("connect directly, without a proxy")
    public String accountproxynone(@Descriptor("account") String name) {
        return proxy(name, ProxyType.DIRECT, "", "", "");
    }

    @Descriptor("connect through an HTTP proxy (CONNECT, basic authentication if a user is given)")
    public String accountproxyhttp(
            @Descriptor("proxy host:port") @Parameter(names = "--server", absentValue = "") String server,
            @Descriptor("proxy user") @Parameter(names = "--username", absentValue = "") String user,
            @Descriptor("proxy password") @Parameter(names = "--password", absentValue = "") String password,
            @Descriptor("account") String name) {
        return proxy(name, ProxyType.HTTP, server, user, password);
    }

    @Descriptor("connect through a SOCKS4 proxy")
    public String accountproxysocks(
            @Descriptor("proxy host:port") @Parameter(names = "--server", absentValue = "") String server,
            @Descriptor("SOCKS4 user id") @Parameter(names = "--username", absentValue = "") String user,
            @Descriptor("account") String name) {
        return proxy(name, ProxyType.SOCKS4, server, user, "");
    }

    @Descriptor("connect through a SOCKS5 proxy (user/password authentication if a user is given)")
    public String accountproxysocks5(
            @Descriptor("proxy host:port") @Parameter(names = "--server", absentValue = "") String server,
            @Descriptor("proxy user") @Parameter(names = "--username", absentValue = "") String user,
            @Descriptor("proxy password") @Parameter(names = "--password", absentValue = "") String password,
            @Descriptor("account") String name) {
        return proxy(name, ProxyType.SOCKS5, server, user, password);
    }

    @Descriptor("set the reconnect policy: attempts (a number or 'unlimited') and interval (>= 5 s)")
    public String accountretryset(
            @Descriptor("attempts, 0..n or unlimited") @Parameter(names = "--num", absentValue = "") String num,
            @Descriptor("seconds between attempts, >= 5") @Parameter(names = "--interval", absentValue = "0") int interval,
            @Descriptor("account") String name) {
        return edit(name, (s, b) -> b.retries(num.isEmpty() ? s.retries()
                : num.equalsIgnoreCase("unlimited") ? AccountSettings.UNLIMITED : number(num, "--num"))
                .retryIntervalSeconds(interval == 0 ? s.retryIntervalSeconds() : interval));
    }

    @Descriptor("require the server certificate with this SHA-256 fingerprint")
    public String accountservercertset(@Descriptor("SHA-256 hex") @Parameter(names = "--sha256", absentValue = "") String pin,
            @Descriptor("account") String name) {
        return edit(name, (s, b) -> b.certificatePin(pin));
    }

    @Descriptor("accept any server certificate (SoftEther's default)")
    public String accountservercertdisable(@Descriptor("account") String name) {
        return edit(name, (s, b) -> b.certificatePin(""));
    }

    @Descriptor("connect an account (it keeps reconnecting by its retry policy; reconnected after a client restart)")
    public String accountconnect(@Descriptor("account") String name) {
        return run(() -> admin.accountConnect(name), "account " + name + " connecting");
    }

    @Descriptor("disconnect an account")
    public String accountdisconnect(@Descriptor("account") String name) {
        return run(() -> admin.accountDisconnect(name), "account " + name + " disconnected");
    }

    @Descriptor("show an account's connection state and its TCP connections")
    public AccountStatus accountstatusget(@Descriptor("account") String name) {
        return call(() -> admin.accountStatus(name));
    }

    @Descriptor("list the virtual network adapters")
    public List<NicInfo> niclist() {
        return call(admin::nicList);
    }

    @Descriptor("create a virtual network adapter (a TAP device of that name)")
    public String niccreate(@Descriptor("adapter") String name) {
        return run(() -> admin.nicCreate(name), "virtual adapter " + name + " created");
    }

    @Descriptor("delete a virtual network adapter")
    public String nicdelete(@Descriptor("adapter") String name) {
        return run(() -> admin.nicDelete(name), "virtual adapter " + name + " deleted");
    }

    // ----------------------------------------------------------------

    private String proxy(String name, ProxyType type, String server, String user, String password) {
        return edit(name, (s, b) -> b.proxy(type).proxyServer(server).proxyUser(user).proxyPassword(password));
    }

    private String edit(String name, BiConsumer<AccountSettings, AccountSettings.Builder> change) {
        return run(() -> {
            AccountSettings s = admin.accountGet(name);
            AccountSettings.Builder b = s.toBuilder();
            change.accept(s, b);
            admin.accountSet(b.build());
        }, "account " + name + " updated");
    }

    private static String or(String given, String current) {
        return given.isEmpty() ? current : given;
    }


    private static int number(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number or unlimited, not " + v);
        }
    }
}
