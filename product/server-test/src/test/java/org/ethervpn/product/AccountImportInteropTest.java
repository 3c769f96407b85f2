package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "an import must never open an account": a REAL vpn_server.config made here by a real
 * vpnserver and vpncmd (releng/interop/softether-config-accounts.sh: users closed by their own
 * policy, by their group's policy, by an expiry in the past, one expiring next year, a certificate
 * user, and two with policies we do not carry) is imported into our server; then a REAL SoftEther
 * vpnclient is refused (error 12, ERR_ACCESS_DENIED) as each closed user and logs in as the others,
 * and the real vpncmd shows them and opens and closes an account with {@code UserPolicySet ...
 * /NAME:Access}. Namespaces S (our server, 10.87.0.1) and C (the vpnclient), both made here. Root only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountImportInteropTest {
    private static final String SERVER_IP = "10.87.0.1";
    private static final String ADMIN_PW = "adm-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private static final String HUB = "ACCOUNTS";

    @TempDir
    static Path home;
    static Path bin;
    static String nsS;
    static String nsC;
    static String lib;
    static Path clientDir;
    static Path config;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces, a real vpnserver and a TAP device (CI runs as root)");
        for (String p : List.of("vpnserver", "vpnclient", "vpncmd", "openssl")) {
            assumeTrue(Interop.exec(home, command("bash", "-c", "command -v " + p), Map.of(), Duration.ofSeconds(10), null)
                    .code() == 0, "needs " + p + " (Debian softether-* packages; releng/install-test-deps.sh)");
        }
        config = home.resolve("vpn_server.config");
        Run made = Interop.exec(home, command(Interop.repo().resolve("releng/interop/softether-config-accounts.sh"), config),
                Map.of(), Duration.ofSeconds(120), null);
        assertEquals(0, made.code(), "the real vpnserver did not make the configuration: " + made);
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        String lab = Interop.labPrefix().replace("evi", "eva");
        nsS = lab + "s";
        nsC = lab + "c";
        Interop.namespacePair(home, nsS, nsC, "10.87.0"); // SERVER_IP in S
        Interop.startServer(home, nsS, bin, home.resolve("server"));
        lib = Interop.softEtherLib(home.resolve("evi"));
        clientDir = home.resolve("vpnclient");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (nsS == null) {
            return;
        }
        Interop.exec(home, command("bash", "-c", lib + "evi_se_client_stop " + clientDir), Map.of(), Duration.ofSeconds(30),
                null);
        Interop.dropLab(home, nsS, bin, home.resolve("server"));
        Interop.exec(home, command("bash", "-c", "ip netns pids " + nsC + " | xargs -r kill; ip netns del " + nsC),
                Map.of(), Duration.ofSeconds(20), null);
    }

    @Test
    @Order(1)
    void theImportReportNamesEveryClosedOrLimitedUserWithTheReason() throws Exception {
        String report = shell("vpn:configimport " + config);
        System.out.println(report);
        String disabled = ": imported DISABLED (cannot log in; vpn:userenable opens it): ";
        for (String line : List.of(
                "hub ACCOUNTS: added, online, no session limit, 8 password user(s), 0 anonymous user(s) (4 of them disabled)",
                "user denied (hub ACCOUNTS)" + disabled + "its policy denies access (Access false)",
                "user ingroup (hub ACCOUNTS)" + disabled + "the policy of its group closed denies access (Access false)",
                "user expired (hub ACCOUNTS): imported DISABLED (cannot log in; a new expiry (vpn:userexpiresset) and"
                        + " vpn:userenable open it): it expired at 2020-01-01T00:00:00Z",
                "user certuser (hub ACCOUNTS)" + disabled + "client certificate authentication (AuthType 2) is not supported",
                "user nextyear (hub ACCOUNTS): expires at ",
                "user limited (hub ACCOUNTS): not carried over: its group slow (EtherVPN has no groups); the policy of its"
                        + " group slow (MaxConnection=2, TimeOut=60)",
                "user own (hub ACCOUNTS): not carried over: its policy (MaxUpload=1000000)")) {
            assertTrue(report.contains(line), "report has '" + line + "':\n" + report);
        }
        String users = shell("vpn:userlist " + HUB);
        for (String u : List.of("denied", "ingroup", "expired", "certuser")) {
            assertEquals("no", enabledColumn(users, u), u + " disabled:\n" + users);
        }
        for (String u : List.of("open", "nextyear", "limited", "own")) {
            assertEquals("yes", enabledColumn(users, u), u + " enabled:\n" + users);
        }
        String denied = shell("vpn:userget " + HUB + " denied");
        assertTrue(denied.lines().anyMatch(l -> l.matches("ENABLED:\\s+no")), denied);
        String nextYear = shell("vpn:userget " + HUB + " nextyear");
        assertTrue(nextYear.lines().anyMatch(l -> l.matches("EXPIRES:\\s+\\d{4}-06-30T\\d\\d:00:00Z")), nextYear);
    }

    @Test
    @Order(2)
    void theRealVpncmdShowsThemDisabledAndWithTheirExpiry() throws Exception {
        shell("vpn:serverpasswordset " + ADMIN_PW);
        String out = vpncmd("Hub " + HUB, "UserGet denied", "UserGet nextyear", "UserGet open", "UserList");
        System.out.println(out);
        String denied = section(out, "UserGet denied", "UserGet nextyear");
        assertTrue(denied.contains("Security Policy Set for this User")
                && denied.matches("(?s).*\\nAccess\\s*\\|Allow Access\\s*\\|No\\s*\\n.*"),
                "UserGet shows the Access policy 'No':\n" + denied);
        String nextYear = section(out, "UserGet nextyear", "UserGet open");
        assertTrue(nextYear.matches("(?s).*Expiration Date\\s*\\|\\d{4}-06-30 \\(\\w+\\) 12:00:00.*"), nextYear);
        assertFalse(nextYear.contains("Security Policy"), "an enabled user has no policy of its own:\n" + nextYear);
        String open = section(out, "UserGet open", "UserList");
        assertTrue(open.matches("(?s).*Expiration Date\\s*\\|\\(None\\).*"), open);
        String list = out.substring(out.indexOf("UserList command"));
        assertTrue(list.matches("(?s).*User Name\\s*\\|expired\\s*\\n.*?Expiration Date\\s*\\|2020-01-01 .*"), list);
    }

    @Test
    @Order(3)
    void aRealVpnclientIsRefusedAsEachClosedUserAndLogsInAsTheOthers() throws Exception {
        sh(lib + "evi_se_client_start " + nsC + " " + clientDir + " >/dev/null");
        connect("open", "open-pw"); // also makes the client's NIC
        for (String u : List.of("denied", "ingroup", "expired")) {
            assertEquals("12", refused(u, u + "-pw"), u + " must get ERR_ACCESS_DENIED");
        }
        assertEquals("9", refused("certuser", "anything"), "a certificate user has no password here");
        for (String u : List.of("nextyear", "limited", "own")) {
            connect(u, u + "-pw");
        }
        assertEquals("9", refused("denied", "wrong"), "a wrong password stays ERR_AUTH_FAILED");
        String log = Files.readString(home.resolve("server/logs/ethervpn.log"));
        assertTrue(log.contains("user denied of hub ACCOUNTS: the account is disabled"), "the refusal is logged");
        assertTrue(log.contains("user expired of hub ACCOUNTS: the account expired at 2020-01-01T00:00:00Z"));
        assertFalse(log.contains("denied-pw"), "no password in the log");
    }

    @Test
    @Order(4)
    void theRealVpncmdClosesAndOpensAnAccountThroughItsAccessPolicy() throws Exception {
        vpncmd("Hub " + HUB, "UserPolicySet open /NAME:Access /VALUE:no");
        assertEquals("no", enabledColumn(shell("vpn:userlist " + HUB), "open"));
        assertEquals("12", refused("open", "open-pw"));
        vpncmd("Hub " + HUB, "UserPolicySet open /NAME:Access /VALUE:yes");
        connect("open", "open-pw");
        vpncmd("Hub " + HUB, "UserPolicySet denied /NAME:Access /VALUE:yes");
        connect("denied", "denied-pw");
        vpncmd("Hub " + HUB, "UserPolicySet denied /NAME:Access /VALUE:no", "UserPolicyRemove denied");
        connect("denied", "denied-pw");

        // a policy item we do not carry is refused (33), never accepted and dropped
        Run limit = vpncmdRun("Hub " + HUB, "UserPolicySet open /NAME:MaxConnection /VALUE:2");
        assertTrue(limit.out().contains("Error code: 33"), limit.toString());

        vpncmd("Hub " + HUB, "UserExpiresSet open /EXPIRES:\"2020/01/01 00:00:00\"");
        assertEquals("12", refused("open", "open-pw"));
        vpncmd("Hub " + HUB, "UserExpiresSet open /EXPIRES:none");
        connect("open", "open-pw");
        // and the same through our shell
        shell("vpn:userdisable " + HUB + " open");
        assertEquals("12", refused("open", "open-pw"));
        shell("vpn:userenable " + HUB + " open");
        connect("open", "open-pw");
    }

    @Test
    @Order(5)
    void ourRemoteShellDoesItOverTheAdminRpcAsVpncmdWould() throws Exception {
        remote("vpn:userdisable " + HUB + " own");
        assertEquals("no", enabledColumn(shell("vpn:userlist " + HUB), "own"));
        assertEquals("12", refused("own", "own-pw"));
        assertTrue(vpncmd("Hub " + HUB, "UserGet own").matches("(?s).*\\nAccess\\s*\\|Allow Access\\s*\\|No\\s*\\n.*"));
        remote("vpn:userenable " + HUB + " own");
        connect("own", "own-pw");
        remote("vpn:userexpiresset " + HUB + " own 2020-01-01");
        assertEquals("12", refused("own", "own-pw"));
        String list = remote("vpn:userexpiresset " + HUB + " own none\nvpn:userlist " + HUB);
        assertEquals("yes", enabledColumn(list.substring(list.indexOf("HUB ")), "own"));
        connect("own", "own-pw");
    }

    // ---------------------------------------------------------------- helpers

    /** The real vpnclient logs in as {@code user} (1 TCP connection, encrypted) and the session is established. */
    private static void connect(String user, String password) throws Exception {
        sh(lib + "evi_se_client_account " + clientDir + " acc 10.86.0.2/24 " + SERVER_IP + " 5555 " + HUB + " " + user
                + " '" + password + "' 1 0 1 0");
    }

    /** The error code the real vpnclient logged for its login as {@code user}. */
    private static String refused(String user, String password) throws Exception {
        return sh(lib + "evi_se_client_refused " + clientDir + " acc " + SERVER_IP + " 5555 " + HUB + " " + user + " '"
                + password + "'").strip();
    }

    /** The ENABLED column of {@code user}'s row in a {@code vpn:userlist} table (empty cells make splitting unsafe). */
    private static String enabledColumn(String table, String user) {
        List<String> lines = table.lines().toList();
        int col = lines.get(0).indexOf("ENABLED");
        assertTrue(col > 0, table);
        String row = lines.stream().filter(l -> l.matches("\\S+\\s+" + user + "\\s.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no user " + user + " in:\n" + table));
        return row.substring(col).trim().split("\\s+")[0];
    }

    /** The text between two commands' echoes in a vpncmd batch output. */
    private static String section(String out, String from, String to) {
        int a = out.indexOf(from);
        int b = out.indexOf(to, a + from.length());
        assertTrue(a >= 0 && b > a, "no '" + from + "' before '" + to + "' in:\n" + out);
        return out.substring(a, b);
    }

    private static String vpncmd(String... commands) throws Exception {
        return Interop.vpncmd(home, lib, nsS, ADMIN_PW, commands);
    }

    private static Run vpncmdRun(String... commands) throws Exception {
        return Interop.vpncmdRun(home, lib, nsS, ADMIN_PW, commands);
    }

    /** {@code ethervpn shell --server 127.0.0.1:5555} (RemoteAdmin over the binary admin RPC): a script of lines. */
    private static String remote(String script) throws Exception {
        Path f = Files.writeString(Files.createTempFile(home, "remote", ".gosh"), script + "\n");
        Run r = Interop.exec(home, command("ip", "netns", "exec", nsS, bin, "shell", "--server", "127.0.0.1:5555", f),
                Map.of("ETHERVPN_PASSWORD", ADMIN_PW), Duration.ofSeconds(120), null);
        assertEquals(0, r.code(), script + ": " + r);
        return r.out();
    }

    private static String shell(String cmd) throws Exception {
        return Interop.evShell(home, nsS, bin, home.resolve("server"), cmd);
    }

    private static String sh(String script) throws Exception {
        return Interop.sh(home, script);
    }
}
