package org.ethervpn.server.softether;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ConfigJson;

/**
 * "An import must never open an account": a REAL configuration written by SoftEther 5.01 (made with
 * vpncmd by releng/interop/softether-config-accounts.sh, NEXT_YEAR 2027) with users closed by
 * their own policy, their group's policy, an expiry, and a certificate user.
 */
class SoftEtherImportAccountsTest {
    /** Between the file's creation (2026-12) and the "next year" expiry (2027-06-30 12:00 local, UTC here). */
    private static final Instant NOW = Instant.parse("2027-01-15T00:00:00Z");

    static String accountsConfig() throws IOException {
        try (InputStream in = SoftEtherImportAccountsTest.class.getResourceAsStream("/softether/vpn_server_accounts.config")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SoftEtherImport.Result importAt(Instant now) throws Exception {
        return SoftEtherImport.apply(ServerConfig.defaults(), SoftEtherConfigText.parse(accountsConfig()),
                Map.of("modern", SoftEtherImportTest.MODERN), false, now);
    }

    @Test
    void closedAccountsComeBackDisabledAndTheReportNamesEachWithItsReason() throws Exception {
        SoftEtherImport.Result r = importAt(NOW);
        HubConfig hub = r.config().hub("ACCOUNTS").orElseThrow();
        List<String> report = r.report();
        String all = String.join("\n", report);

        for (String closed : List.of("denied", "ingroup", "expired", "certuser")) {
            assertFalse(hub.user(closed).orElseThrow().enabled(), closed + " must be imported disabled:\n" + all);
        }
        for (String open : List.of("open", "nextyear", "limited", "own")) {
            assertTrue(hub.user(open).orElseThrow().enabled(), open + " stays enabled:\n" + all);
            assertArrayEquals(PasswordHash.hashedPassword(open, open + "-pw"), hub.user(open).orElseThrow().passwordHash());
        }
        assertArrayEquals(PasswordHash.hashedPassword("denied", "denied-pw"), hub.user("denied").orElseThrow().passwordHash(),
                "a disabled user keeps its password for the day it is enabled again");
        assertFalse(hub.user("certuser").orElseThrow().hasPassword());
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), hub.user("expired").orElseThrow().expires(),
                "vpncmd's local time on a UTC machine, SoftEther's -9 h undone");
        assertEquals(Instant.parse("2027-06-30T12:00:00Z"), hub.user("nextyear").orElseThrow().expires());
        assertNull(hub.user("open").orElseThrow().expires());

        String disabled = ": imported DISABLED (cannot log in; vpn:userenable opens it): ";
        for (String line : List.of(
                "  user denied (hub ACCOUNTS)" + disabled + "its policy denies access (Access false)",
                "  user ingroup (hub ACCOUNTS)" + disabled + "the policy of its group closed denies access (Access false)",
                "  user ingroup (hub ACCOUNTS): not carried over: its group closed (EtherVPN has no groups)",
                "  user expired (hub ACCOUNTS): imported DISABLED (cannot log in; a new expiry (vpn:userexpiresset) and"
                        + " vpn:userenable open it): it expired at 2020-01-01T00:00:00Z",
                "  user certuser (hub ACCOUNTS)" + disabled + "client certificate authentication (AuthType 2) is not supported"
                        + " by EtherVPN: imported without a password (give it one with vpn:userpasswordset, then"
                        + " vpn:userenable)",
                "  user certuser (hub ACCOUNTS): not carried over: its client certificate authentication (AuthType 2)",
                "  user nextyear (hub ACCOUNTS): expires at 2027-06-30T12:00:00Z (carried over: its logins are refused from"
                        + " then on)",
                "  user limited (hub ACCOUNTS): not carried over: its group slow (EtherVPN has no groups); the policy of its"
                        + " group slow (MaxConnection=2, TimeOut=60)",
                "  user own (hub ACCOUNTS): not carried over: its policy (MaxUpload=1000000)")) {
            assertTrue(report.contains(line), "report line '" + line + "':\n" + all);
        }
        assertTrue(report.stream().noneMatch(l -> l.startsWith("  user open ")), "nothing to say about open:\n" + all);
        assertTrue(all.contains("hub ACCOUNTS: added, online, no session limit, 8 password user(s), 0 anonymous user(s)"
                + " (4 of them disabled)"), all);
        // what is imported is saved as it is
        assertEquals(r.config(), ConfigJson.read(ConfigJson.write(r.config())));
    }

    @Test
    void onceTheExpiryHasPassedTheUserIsImportedDisabled() throws Exception {
        SoftEtherImport.Result r = importAt(Instant.parse("2027-06-30T12:00:00Z"));
        assertFalse(r.config().hub("ACCOUNTS").orElseThrow().user("nextyear").orElseThrow().enabled());
        assertTrue(r.report().contains("  user nextyear (hub ACCOUNTS): imported DISABLED (cannot log in; a new expiry"
                + " (vpn:userexpiresset) and vpn:userenable open it): it expired at 2027-06-30T12:00:00Z"),
                String.join("\n", r.report()));
    }

    @Test
    void aUsersOwnPolicyWinsOverItsGroupsAsInSoftEther() throws Exception {
        String text = """
                declare root
                {
                	declare VirtualHUB
                	{
                		declare H
                		{
                			declare SecurityAccountDatabase
                			{
                				declare GroupList
                				{
                					declare closed
                					{
                						declare Policy
                						{
                							bool Access false
                						}
                					}
                				}
                				declare UserList
                				{
                					declare mine
                					{
                						uint AuthType 0
                						string GroupName CLOSED
                						declare Policy
                						{
                							bool Access true
                							uint MaxConnection 32
                							uint TimeOut 20
                						}
                					}
                					declare bare
                					{
                						uint AuthType 0
                						declare Policy
                						{
                						}
                					}
                					declare nogroup
                					{
                						uint AuthType 0
                						string GroupName gone
                					}
                				}
                			}
                		}
                	}
                }
                """;
        SoftEtherImport.Result r = SoftEtherImport.apply(ServerConfig.defaults(), SoftEtherConfigText.parse(text),
                Map.of(), false, NOW);
        HubConfig h = r.config().hub("H").orElseThrow();
        assertTrue(h.user("mine").orElseThrow().enabled(), "its own policy allows access; the group's is not used");
        assertFalse(h.user("bare").orElseThrow().enabled(), "a policy without Access reads as false in SoftEther");
        assertTrue(h.user("nogroup").orElseThrow().enabled(), "a group that does not exist has no policy");
        assertTrue(r.report().contains("  user nogroup (hub H): not carried over: its group gone (EtherVPN has no groups)"),
                String.join("\n", r.report()));
        assertTrue(r.report().contains("  user mine (hub H): its policy has SoftEther's default values: nothing is lost"),
                String.join("\n", r.report()));
    }
}
