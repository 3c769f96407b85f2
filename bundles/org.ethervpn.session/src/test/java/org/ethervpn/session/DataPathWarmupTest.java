package org.ethervpn.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up carries frames through two real sessions, over the modern cipher plugin's real TLS engines
 * and without TLS, in memory and over a real loopback TCP connection of the TCP transport plugin, loses none (a round
 * that does not deliver every frame throws), and stops when told to.
 */
class DataPathWarmupTest {
    /** A round: a batch of bulk frames (the last a super-frame) one way, two acknowledgements back, lone pings. */
    private static final int ROUND = DataPathWarmup.BULK_BATCH + DataPathWarmup.ACKS + 2 * DataPathWarmup.PINGS;
    private static final long ROUND_BYTES = (DataPathWarmup.BULK_BATCH - 1) * 1514L + 64_000
            + (DataPathWarmup.ACKS + 2 * DataPathWarmup.PINGS) * 66;

    @Test
    void tlsWarmUpDeliversEveryFrameOfEveryRound() throws Exception {
        DataPathWarmup.Result r = DataPathWarmup.run(new ModernCipherSuites(), 400, () -> false);
        assertTrue(r.frames() >= ROUND, r.toString());
        assertEquals(0, r.frames() % ROUND, "whole rounds only: " + r);
        assertEquals("modern", r.carriage());
        // per round: frames of 1514 bytes and a super-frame of 64 000 one way, 66-byte ones back
        assertEquals(r.frames() / ROUND * ROUND_BYTES, r.bytes(), r.toString());
    }

    @Test
    void plainWarmUpDeliversEveryFrameOfEveryRound() throws Exception {
        DataPathWarmup.Result r = DataPathWarmup.run(null, 200, () -> false);
        assertEquals("plain", r.carriage());
        assertTrue(r.frames() >= ROUND, r.toString());
        assertEquals(r.frames() / ROUND * ROUND_BYTES, r.bytes(), r.toString());
    }

    @Test
    void overTheLoopbackEveryFrameOfEveryRoundCrossesARealConnection() throws Exception {
        TcpTransport tcp = new TcpTransport(new TestLogger().logger(), new TcpTransportConfig() {
            @Override public Class<? extends Annotation> annotationType() { return TcpTransportConfig.class; }
            @Override public boolean nativeTransport() { return true; }
            @Override public int ioThreads() { return 2; }
        });
        try {
            DataPathWarmup.Loopback loopback = new DataPathWarmup.Loopback(tcp, tcp);
            DataPathWarmup.Result r = DataPathWarmup.run(new ModernCipherSuites(), loopback, 300, () -> false);
            assertEquals("modern over loopback TCP", r.carriage());
            assertTrue(r.frames() >= ROUND, r.toString());
            assertEquals(r.frames() / ROUND * ROUND_BYTES, r.bytes(), r.toString());
            DataPathWarmup.Result plain = DataPathWarmup.run(null, loopback, 200, () -> false);
            assertEquals("plain over loopback TCP", plain.carriage());
            assertEquals(plain.frames() / ROUND * ROUND_BYTES, plain.bytes(), plain.toString());
        } finally {
            Method deactivate = TcpTransport.class.getDeclaredMethod("deactivate");
            deactivate.setAccessible(true);
            deactivate.invoke(tcp);
        }
    }

    @Test
    void stopsWhenTold() throws Exception {
        DataPathWarmup.Result r = DataPathWarmup.run(null, 60_000, () -> true);
        assertEquals(0, r.frames(), r.toString());
        assertTrue(r.millis() < 30_000, r.toString());
    }
}
