package org.ethervpn.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ethervpn.traffic.TrafficDirection;
import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficSample;
import org.ethervpn.traffic.TrafficServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our server and our client over real loopback TCP, and each of them against a hand-written peer. */
class TrafficLoopbackTest {
    private static TrafficTestService service;
    private static TrafficServer server;
    private static final List<String> serverLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        service = new TrafficTestService();
        server = service.startServer(0, new TrafficListener() {
            @Override
            public void message(String line) {
                serverLog.add(line);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        service.close();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        byte[] banner = new DataInputStream(s.getInputStream()).readNBytes(16);
        assertArrayEquals(TrafficWire.BANNER, banner);
        return s;
    }

    private static byte[] header(boolean serverSends, long session, long span) {
        return ByteBuffer.allocate(17).put((byte) (serverSends ? 1 : 0)).putLong(session).putLong(span).array();
    }

    @Test
    void theServerReportsExactlyTheBytesBeforeTheStopBurst() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            byte[] data = new byte[100_000];
            Arrays.fill(data, (byte) 'x');
            out.write(header(false, 77, 60_000));
            for (int i = 0; i < 30; i++) {
                out.write(data, 0, 1000 + i * 3000); // odd sizes, so that the reads split anywhere
            }
            long sent = 0;
            for (int i = 0; i < 30; i++) {
                sent += 1000 + i * 3000;
            }
            byte[] stop = new byte[512];
            Arrays.fill(stop, (byte) '!');
            out.write(stop);
            out.flush();
            assertEquals(sent, new DataInputStream(s.getInputStream()).readLong());
            Thread.sleep(150); // asked again (SoftEther's client asks every 200 ms), it answers again with the same count
            out.write(stop);
            assertEquals(sent, new DataInputStream(s.getInputStream()).readLong());
        }
    }

    @Test
    void anUploadReportStopsTheDownloadsOfItsSession() throws Exception {
        try (Socket down = connect(); Socket up = connect()) {
            down.getOutputStream().write(header(true, 4242, 60_000));
            InputStream in = down.getInputStream();
            byte[] buf = new byte[65536];
            long got = 0;
            while (got < 5_000_000) {
                int n = in.read(buf);
                assertTrue(n > 0);
                for (int i = 0; i < n; i++) {
                    assertTrue(buf[i] != '!', "data holds a stop byte");
                }
                got += n;
            }
            up.getOutputStream().write(header(false, 4242, 60_000));
            up.getOutputStream().write("data!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(4, new DataInputStream(up.getInputStream()).readLong());
            // what was queued still arrives, then nothing: the download stopped
            down.setSoTimeout(1000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean quiet = false;
            while (!quiet && System.nanoTime() < deadline) {
                try {
                    assertTrue(in.read(buf) > 0);
                } catch (SocketTimeoutException e) {
                    quiet = true;
                }
            }
            assertTrue(quiet, "the download went on after the upload of its session was reported");
        }
    }

    @Test
    void ourClientAgainstOurServerInBothDirections() throws Exception {
        List<TrafficSample> samples = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        TrafficOptions o = new TrafficOptions("127.0.0.1", server.port(), 4, TrafficDirection.FULL, Duration.ofMillis(1500),
                true, false);
        TrafficResult r = service.measure(o, new TrafficListener() {
            @Override
            public void message(String line) {
                lines.add(line);
            }

            @Override
            public void progress(TrafficSample sample) {
                samples.add(sample);
            }
        }).get(60, TimeUnit.SECONDS);
        assertTrue(r.spanMillis() >= 1500 && r.spanMillis() < 5000, r.toString());
        assertTrue(r.streamDownloadBytes() > 0 && r.streamUploadBytes() > 0, r.toString());
        assertEquals(r.downloadBytes() + r.uploadBytes(), r.totalBytes());
        assertTrue(samples.size() >= 1, "no progress: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("TCP connection 4 connected: upload")), lines.toString());
    }

    @Test
    void downloadOnlyNeedsNoReport() throws Exception {
        TrafficOptions o = new TrafficOptions("localhost", server.port(), 1, TrafficDirection.DOWNLOAD, Duration.ofSeconds(1),
                false, true);
        TrafficResult r = service.measure(o, null).get(60, TimeUnit.SECONDS);
        assertEquals(0, r.streamUploadBytes());
        assertTrue(r.downloadBytes() > r.streamDownloadBytes(), "the Ethernet correction adds: " + r);
    }

    @Test
    void aServerThatIsNotATrafficServerIsNamed() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = other.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getInputStream().read();
                } catch (IOException e) {
                    // the client closes
                }
            });
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> service.measure(new TrafficOptions("127.0.0.1", other.getLocalPort(), 2, TrafficDirection.FULL,
                            Duration.ofSeconds(1), false, false), null).get(30, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("not a traffic-test server"), e.getCause().getMessage());
            t.join(5000);
        }
    }

    @Test
    void aRefusedConnectionIsReported() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        int closed = port;
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> service.measure(new TrafficOptions("127.0.0.1", closed, 1, TrafficDirection.UPLOAD,
                        Duration.ofSeconds(1), false, false), null).get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("TCP connection 1 could not connect"), e.getCause().getMessage());
    }
}
