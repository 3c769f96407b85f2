package org.ethervpn.securenat.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.dhcp.DhcpFrames.Msg;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.SaveLogTest.Lines;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.Test;

import io.netty.buffer.PooledByteBufAllocator;

/** With the hub's SaveLog on, a lease given leaves one line (MAC, address, host name, lease time); renewals and SaveLog off none. */
class DhcpSaveLogTest {
    static EngineHarness harness(boolean saveLog, Lines lines) {
        SecureNatOptions d = SecureNatOptions.defaults(EngineHarness.HOST_MAC);
        SecureNatOptions o = d.withNat(true, d.mtu(), d.natTcpTimeoutSeconds(), d.natUdpTimeoutSeconds(), saveLog);
        EngineHarness h = new EngineHarness(o, FlowLimits.DEFAULT, null, PooledByteBufAllocator.DEFAULT, lines);
        DhcpServer.install(h.engine);
        return h.start();
    }

    @Test
    void aLeaseIsLoggedOnceNotOnRenewal() {
        Lines lines = new Lines();
        long mac = 0x02_00_00_00_00_0AL;
        try (EngineHarness h = harness(true, lines)) {
            int ip = DhcpServerTest.bind(h, mac, "pc-lease");
            DhcpServerTest.exchange(h, new Msg(DhcpMessage.REQUEST, mac).unicastFrom(ip));
            List<String> l = lines.info.stream().filter(s -> s.contains("DHCP lease")).toList();
            assertEquals(List.of("SecureNAT hub TEST: DHCP lease: " + Ip4.format(ip) + " to " + Mac.format(mac)
                    + " (host name \"pc-lease\") for " + h.options().dhcpExpireSeconds() + " s"), l);
        }
    }

    @Test
    void offLogsNoLease() {
        Lines lines = new Lines();
        try (EngineHarness h = harness(false, lines)) {
            DhcpServerTest.bind(h, 0x02_00_00_00_00_0BL, "quiet");
        }
        assertTrue(lines.info.stream().noneMatch(s -> s.contains("lease")), lines.info.toString());
    }
}
