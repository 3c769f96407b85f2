package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 with the real {@code vpncmd} (Debian's 5.01.9674, which lacks CascadeDefaultCA* and
 * SetStaticNetwork: those are checked when present, and FieldTableTest sends their fields over the
 * RPC): every command the issue lists either shows its setting in
 * vpncmd's own CascadeGet / CascadeHttpHeaderGet (or our shell's hubget for NoEnum, which no vpncmd
 * command prints), or vpncmd prints the error; never "completed successfully" for a dropped setting.
 * Then what is kept is applied: CascadeEncryptDisable shows in the remote hub's session, and a
 * cascade with a wrong pinned certificate (CascadeServerCertSet) does not connect while the right
 * one does. Our server runs in its own namespace, vpncmd in a sandbox there (as VpncmdAgainstOursTest).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VpncmdCascadeFieldsTest {
    private static final String ADMIN_PW = "adm-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    static Path home;
    static Path bin;
    static String ns;
    static String lib;
    static Path data;
    /** vpncmd's /tmp in its sandbox (evi_vpncmd maps /tmp there), for /LOADCERT files. */
    static Path sandboxTmp;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: a network namespace for our server and vpncmd (CI runs as root)");
        assumeTrue(Interop.exec(home, command("bash", "-c", "command -v vpncmd && command -v openssl"), Map.of(),
                Duration.ofSeconds(10), null).code() == 0,
                "needs SoftEther's vpncmd and openssl (releng/install-test-deps.sh)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evf");
        data = home.resolve("server");
        Interop.sh(home, "ip netns add " + ns + " && ip -n " + ns + " link set lo up");
        Interop.startServer(home, ns, bin, data);
        lib = Interop.softEtherLib(home.resolve("evi"));
        sandboxTmp = home.resolve("evi").resolve("vpncmd-" + ns).resolve("tmp");
        vpncmd("", "ServerPasswordSet " + ADMIN_PW);
        vpncmd(ADMIN_PW, "HubCreate REMOTE /PASSWORD:rm-pw", "Hub REMOTE", "UserCreate linkuser /GROUP:none /REALNAME:none /NOTE:none",
                "UserPasswordSet linkuser /PASSWORD:linkpw", "Hub DEFAULT",
                "CascadeCreate c /SERVER:127.0.0.1:5555 /HUB:REMOTE /USERNAME:linkuser",
                "CascadePasswordSet c /PASSWORD:linkpw /TYPE:standard");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns != null) {
            Interop.dropLab(home, ns, bin, data);
        }
    }

    @Test
    @Order(1)
    void eachCommandOfTheIssueIsKeptAndShownOrRefusedWithAnError() throws Exception {
        String out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeEncryptDisable c", "CascadeCompressEnable c",
                "CascadeDetailSet c /MAXTCP:3 /INTERVAL:2 /TTL:600 /HALF:yes /NOQOS:yes", "CascadeGet c");
        assertRow(out, "Encryption by SSL", "Disable");
        assertRow(out, "Data Compression", "Enable");
        assertRow(out, "Number of TCP Connections to Use in VPN Communication", "3");
        assertRow(out, "Interval between Establishing Each TCP Connection", "2");
        assertRow(out, "Connection Life of Each TCP Connection", "600");
        assertRow(out, "Use Half Duplex Mode", "Enable");
        assertRow(out, "Do not Use QoS Control Function", "Enable");
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeEncryptEnable c", "CascadeCompressDisable c",
                "CascadeDetailSet c /MAXTCP:8 /INTERVAL:1 /TTL:0 /HALF:no /NOQOS:no", "CascadeGet c");
        assertRow(out, "Encryption by SSL", "Enable");
        assertRow(out, "Data Compression", "Disable");
        assertRow(out, "Number of TCP Connections to Use in VPN Communication", "8");
        assertRow(out, "Use Half Duplex Mode", "Disable");

        // server certificate: pinned, checked, the default CAs, deleted
        Path cert = loadable("server.crt", data.resolve("server.crt"));
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeServerCertSet c /LOADCERT:/tmp/" + cert.getFileName(),
                "CascadeServerCertEnable c", "CascadeGet c");
        assertRow(out, "Verify Server Certificate", "Enable");
        assertTrue(out.contains("Registered Server Individual Certificate"), out);
        // CascadeDefaultCA* came after Debian's vpncmd 5.01.9674 ("Command not found" there); FieldTableTest
        // covers AddDefaultCA over the RPC either way
        boolean defaultCaCommands = !vpncmdRun(ADMIN_PW, "Hub DEFAULT", "CascadeDefaultCADisable c").out()
                .contains("Command not found");
        if (defaultCaCommands) {
            Run both = vpncmdRun(ADMIN_PW, "Hub DEFAULT", "CascadeDefaultCAEnable c");
            assertTrue(both.out().contains("Error code: 33"), "a pinned certificate and the default CAs are refused together:\n"
                    + both);
        }
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeServerCertDelete c", "CascadeGet c");
        assertFalse(out.contains("Registered Server Individual Certificate"), out);
        assertRow(out, "Verify Server Certificate", "Enable");
        if (defaultCaCommands) {
            out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeDefaultCAEnable c", "CascadeGet c");
            assertRow(out, "Trust System Certificate Store", "Enable");
            out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeDefaultCADisable c", "CascadeGet c");
            assertRow(out, "Trust System Certificate Store", "Disable");
        }
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeServerCertDisable c", "CascadeGet c");
        assertRow(out, "Verify Server Certificate", "Disable");

        // HTTP headers for HTTP-proxy cascades, and the proxy itself
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeHttpHeaderAdd c /NAME:X-Tenant /DATA:blue",
                "CascadeHttpHeaderAdd c /NAME:User-Agent /DATA:vpn", "CascadeHttpHeaderGet c");
        String headers = after(out, "CascadeHttpHeaderGet command");
        assertTrue(headers.contains("X-Tenant: blue") && headers.contains("User-Agent: vpn"), out);
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeHttpHeaderDelete c /NAME:X-Tenant", "CascadeHttpHeaderGet c",
                "CascadeProxyHttp c /SERVER:proxy.example.net:3128 /USERNAME:px /PASSWORD:px-secret", "CascadeGet c");
        // vpncmd 5.01.9674's CascadeHttpHeaderDelete empties the list before it filters it, so it sends
        // SetLink without any header: ours keeps what it is sent, as a SoftEther server does
        headers = after(out, "CascadeHttpHeaderGet command");
        assertFalse(headers.contains("X-Tenant") || headers.contains("User-Agent: vpn"), out);
        assertRow(out, "Proxy Server Host Name", "proxy.example.net");
        assertRow(out, "Proxy Server Port Number", "3128");
        assertRow(out, "Proxy Server User Name", "px");
        assertTrue(shell("vpn:cascadeget DEFAULT c").contains("via HTTP proxy.example.net:3128 as px"));
        assertFalse(shell("vpn:cascadeget DEFAULT c").contains("px-secret"), "the proxy password is write-only");
        out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeProxySocks5 c /SERVER:socks.example.net:1080", "CascadeGet c");
        assertRow(out, "Proxy Server Host Name", "socks.example.net");
        vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeProxyNone c");
        assertFalse(shell("vpn:cascadeget DEFAULT c").contains("via "));

        // policies: cascades here use the default policy, so a change is refused, naming the item
        Run policy = vpncmdRun(ADMIN_PW, "Hub DEFAULT", "CascadePolicySet c /NAME:MaxUpload /VALUE:100000");
        assertTrue(policy.out().contains("Error code: 33"), policy.toString());
        String get = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeGet c");
        assertTrue(get.matches("(?s).*MaxUpload\\s*\\|Upload Bandwidth\\s*\\|-\\s*\\n.*"), "unchanged:\n" + get);

        // hub options: NoEnum is kept (our shell shows it; no vpncmd command prints it), the static network refused
        vpncmd(ADMIN_PW, "Hub DEFAULT", "SetEnumDeny");
        assertTrue(shell("vpn:hubget DEFAULT").matches("(?s).*HIDDEN:\\s+yes.*"), shell("vpn:hubget DEFAULT"));
        vpncmd(ADMIN_PW, "Hub DEFAULT", "SetEnumAllow");
        assertTrue(shell("vpn:hubget DEFAULT").matches("(?s).*HIDDEN:\\s+no.*"));
        Run staticNetwork = vpncmdRun(ADMIN_PW, "Hub DEFAULT", "SetStaticNetwork /GATEWAY:192.168.30.1 /SUBNET:255.255.255.0");
        // like CascadeDefaultCA*, SetStaticNetwork came after Debian's vpncmd 5.01.9674; FieldTableTest sends its
        // DefaultGateway/DefaultSubnet over the RPC either way
        assertTrue(staticNetwork.out().contains("Error code: 33") || staticNetwork.out().contains("Command not found"),
                staticNetwork.toString());
    }

    @Test
    @Order(2)
    void theGogoCommandsSetWhatVpncmdThenShows() throws Exception {
        shell("vpn:cascadeoptionsset --maxtcp 4 --ttl 30 --headers 'X-Gogo: 1' DEFAULT c");
        String out = vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeGet c", "CascadeHttpHeaderGet c");
        assertRow(out, "Number of TCP Connections to Use in VPN Communication", "4");
        assertRow(out, "Connection Life of Each TCP Connection", "30");
        assertTrue(after(out, "CascadeHttpHeaderGet command").contains("X-Gogo: 1"), out);
        shell("vpn:cascadeoptionsset --maxtcp 8 --ttl 0 --headers none DEFAULT c");
        shell("vpn:setenumdeny REMOTE");
        assertTrue(shell("vpn:hubget REMOTE").matches("(?s).*HIDDEN:\\s+yes.*"));
        shell("vpn:setenumallow REMOTE");
    }

    @Test
    @Order(3)
    void cascadeEncryptDisableReachesTheRemoteSession() throws Exception {
        vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeProxyNone c", "CascadeServerCertDisable c", "CascadeEncryptDisable c", "CascadeDetailSet c /MAXTCP:2 /INTERVAL:1 /TTL:0"
                + " /HALF:no /NOQOS:no", "CascadeOnline c");
        String session = session();
        String remote = waitFor("vpn:sessionget REMOTE " + session, s -> s.matches("(?s).*ENCRYPTED:\\s+no.*"), 30);
        assertTrue(remote.matches("(?s).*MAX-CONNECTIONS:\\s+2\\b.*"), remote);
        vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeOffline c", "CascadeEncryptEnable c", "CascadeDetailSet c /MAXTCP:8"
                + " /INTERVAL:1 /TTL:0 /HALF:no /NOQOS:no");
    }

    @Test
    @Order(4)
    void aWrongPinnedCertificateDoesNotConnectAndTheRightOneDoes() throws Exception {
        Interop.sh(home, "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=wrong -days 2 -keyout "
                + home.resolve("wrong.key") + " -out " + home.resolve("wrong.crt") + " 2>&1");
        Path wrong = loadable("wrong.crt", home.resolve("wrong.crt"));
        Path right = loadable("right.crt", data.resolve("server.crt"));
        vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeServerCertSet c /LOADCERT:/tmp/" + wrong.getFileName(),
                "CascadeServerCertEnable c", "CascadeOnline c");
        String refused = waitFor("vpn:cascadestatusget DEFAULT c", s -> s.contains("certificate"), 30);
        assertTrue(refused.matches("(?s).*\\nCONNECTIONS:\\s+0\\b.*"), refused);
        assertTrue(refused.contains("pinned"), "the reason names the pinned certificate:\n" + refused);

        vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeServerCertSet c /LOADCERT:/tmp/" + right.getFileName());
        waitFor("vpn:cascadestatusget DEFAULT c", s -> s.matches("(?s).*STATUS:\\s+connected.*"), 40);
        vpncmd(ADMIN_PW, "Hub DEFAULT", "CascadeOffline c");
    }

    // ---------------------------------------------------------------- helpers

    /** What vpncmd printed from {@code marker} on (past the echo of the command line). */
    static String after(String out, String marker) {
        int i = out.lastIndexOf(marker);
        assertTrue(i >= 0, marker + " missing:\n" + out);
        return out.substring(i);
    }

    /** vpncmd's "Item |Value" table row. */
    static void assertRow(String out, String item, String value) {
        assertTrue(out.matches("(?s).*" + Pattern.quote(item) + "\\s*\\|" + Pattern.quote(value) + "\\s*\\n.*"),
                item + " should be " + value + ":\n" + out);
    }

    /** A copy of {@code file} where vpncmd's sandbox sees it as /tmp/NAME. */
    static Path loadable(String name, Path file) throws Exception {
        Files.createDirectories(sandboxTmp);
        return Files.copy(file, sandboxTmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    static String session() throws Exception {
        String status = waitFor("vpn:cascadestatusget DEFAULT c", s -> s.matches("(?s).*SESSION:\\s+SID-\\S+.*"), 30);
        Matcher m = Pattern.compile("SESSION:\\s+(SID-\\S+)").matcher(status);
        assertTrue(m.find(), status);
        return m.group(1);
    }

    static String waitFor(String cmd, Predicate<String> done, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String out;
        do {
            Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--data", data, "-c", cmd), Map.of(),
                    Duration.ofSeconds(30), null);
            out = r.out();
            if (r.code() == 0 && done.test(out)) {
                return out;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < end);
        throw new AssertionError(cmd + " not as expected within " + seconds + " s:\n" + out);
    }

    static String vpncmd(String password, String... commands) throws Exception {
        return Interop.vpncmd(home, lib, ns, password, commands);
    }

    static Run vpncmdRun(String password, String... commands) throws Exception {
        return Interop.vpncmdRun(home, lib, ns, password, commands);
    }

    static String shell(String cmd) throws Exception {
        return Interop.evShell(home, ns, bin, data, cmd);
    }
}
