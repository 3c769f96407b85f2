package org.ethervpn.securenat.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.SaveLogTest.Lines;
import org.junit.jupiter.api.Test;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

/** With the hub's SaveLog on, each TCP NAT session leaves an opened and an ended line; off, none. */
class TcpSaveLogTest {
    static EngineHarness harness(boolean saveLog, Lines lines) {
        SecureNatOptions d = SecureNatOptions.defaults(EngineHarness.HOST_MAC);
        SecureNatOptions o = d.withNat(true, d.mtu(), d.natTcpTimeoutSeconds(), d.natUdpTimeoutSeconds(), saveLog);
        return new EngineHarness(o, FlowLimits.DEFAULT, null, PooledByteBufAllocator.DEFAULT, lines);
    }

    @Test
    void sessionsAreLoggedWithAddressesBytesAndDuration() {
        Lines lines = new Lines();
        try (EngineHarness h = harness(true, lines)) {
            TcpClient c = TcpClient.start(h, 40001);
            c.establish(65535);
            c.data(new byte[100], 65535);
            c.sock().conn.fromSocket(Unpooled.wrappedBuffer(new byte[300]));
            c.drain();
            h.advance(2500);
            c.send(Segments.RST, c.seq, 0, 0, new byte[0], new byte[0]);

            TcpClient refused = c.other(40002);
            refused.syn(new byte[0]);
            refused.sock().conn.connectFailed();
            refused.drain();
        }
        List<String> l = lines.info.stream().filter(s -> s.contains(" TCP session ")).toList();
        assertEquals(4, l.size(), lines.info.toString());
        assertTrue(l.get(0).matches("SecureNAT hub TEST: TCP session \\d+ opened: 192\\.168\\.30\\.10:40001 -> 203\\.0\\.113\\.5:80"), l.get(0));
        assertTrue(l.get(1).matches("SecureNAT hub TEST: TCP session \\d+ ended: 192\\.168\\.30\\.10:40001 -> 203\\.0\\.113\\.5:80, "
                + "100 bytes sent, 300 received, 2\\.5 s"), l.get(1));
        assertTrue(l.get(2).contains(" opened: 192.168.30.10:40002 -> 203.0.113.5:80"), l.get(2));
        assertTrue(l.get(3).contains(" could not connect: 192.168.30.10:40002 -> 203.0.113.5:80, 0 bytes sent, 0 received, 0.0 s"),
                l.get(3));
    }

    @Test
    void offLogsNoSession() {
        Lines lines = new Lines();
        try (EngineHarness h = harness(false, lines)) {
            TcpClient c = TcpClient.start(h, 40001);
            c.establish(65535);
            c.send(Segments.RST, c.seq, 0, 0, new byte[0], new byte[0]);
        }
        assertTrue(lines.info.stream().noneMatch(s -> s.contains("session")), lines.info.toString());
    }
}
