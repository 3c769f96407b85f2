package org.ethervpn.securenat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.Test;

/** The hub's SecureNAT activity log: its lines, and the cap that keeps a flood of flows out of the log. */
public class SaveLogTest {
    /** A NatLog that keeps its info lines (warnings fail the test that uses it). */
    public static final class Lines implements NatLog {
        public final List<String> info = new ArrayList<>();

        @Override
        public void info(String message) {
            info.add(message);
        }

        @Override
        public void warn(String message) {
            System.err.println("[securenat] WARN " + message);
        }
    }

    static final long S = TimeUnit.SECONDS.toNanos(1);
    static final int CLIENT = Ip4.parse("192.168.30.10");
    static final int DST = Ip4.parse("203.0.113.5");

    @Test
    void linesSayWhoWentWhereHowMuchAndHowLong() {
        Lines lines = new Lines();
        SaveLog log = new SaveLog(lines, "HUB1", true);
        log.flowOpened(S, NatProtocol.TCP, 7, CLIENT, 40001, DST, 443);
        log.flowEnded(S * 13 / 2, NatProtocol.UDP, 8, CLIENT, 5353, DST, 53, "ended", 120, 4000, S * 11 / 2);
        log.leaseGiven(S * 7, Mac.parse("02-00-00-00-00-0A"), Ip4.parse("192.168.30.10"), "pc-lease", 7200);
        assertEquals(List.of(
                "SecureNAT hub HUB1: TCP session 7 opened: 192.168.30.10:40001 -> 203.0.113.5:443",
                "SecureNAT hub HUB1: UDP session 8 ended: 192.168.30.10:5353 -> 203.0.113.5:53, 120 bytes sent, 4000 received, 5.5 s",
                "SecureNAT hub HUB1: DHCP lease: 192.168.30.10 to " + Mac.format(Mac.parse("02-00-00-00-00-0A"))
                        + " (host name \"pc-lease\") for 7200 s"),
                lines.info);
    }

    @Test
    void offWritesNothing() {
        Lines lines = new Lines();
        SaveLog log = new SaveLog(lines, "HUB1", false);
        log.flowOpened(S, NatProtocol.TCP, 7, CLIENT, 40001, DST, 443);
        log.leaseGiven(S, 1, CLIENT, "", 60);
        log.tick(5 * S);
        assertTrue(lines.info.isEmpty());
    }

    @Test
    void aFloodOfFlowsIsCappedPerSecondAndSummed() {
        Lines lines = new Lines();
        SaveLog log = new SaveLog(lines, "HUB1", true);
        long t = 10 * S;
        for (int i = 0; i < 5000; i++) {
            log.flowOpened(t + i * 100_000L, NatProtocol.UDP, i, CLIENT, 10000 + i, DST, 9); // 5000 in 0.5 s
        }
        assertEquals(SaveLog.PER_SECOND, lines.info.size());
        log.tick(t + S / 2);
        assertEquals(SaveLog.PER_SECOND, lines.info.size(), "the summary waits for the end of the second");
        log.tick(t + S);
        assertEquals(SaveLog.PER_SECOND + 1, lines.info.size());
        assertEquals("SecureNAT hub HUB1: " + (5000 - SaveLog.PER_SECOND)
                + " more NAT/DHCP log lines left out (over " + SaveLog.PER_SECOND + " a second)", lines.info.getLast());
        log.flowOpened(t + S + 1, NatProtocol.UDP, 1, CLIENT, 1, DST, 9);
        assertEquals(SaveLog.PER_SECOND + 2, lines.info.size(), "a new second writes again");
        log.tick(t + 3 * S);
        assertEquals(SaveLog.PER_SECOND + 2, lines.info.size(), "no summary when nothing was left out");
    }
}
