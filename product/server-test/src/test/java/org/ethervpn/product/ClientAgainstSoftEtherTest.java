package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.session.SessionLink;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Our client core against a real SoftEther vpnserver (Debian package, private state) in a network
 * namespace this test creates, reached over a veth pair: two of our sessions log in to the real
 * hub, one with 2 TCP connections, and exchange frames through it; our server (the distribution)
 * cascades into the real hub and frames cross it both ways. Root only (CI is root).
 */
class ClientAgainstSoftEtherTest {
    @TempDir
    static Path dir;
    static String ns;
    static String hostIp;
    static String serverIp;
    static Process server;
    static TcpTransport transport;
    static final String ADMIN_PW = "adminpw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @BeforeAll
    static void startRealServer() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/vpnserver")) || Files.isExecutable(Path.of("/usr/bin/vpnserver")),
                "the Debian package softether-vpnserver is not installed (releng/install-test-deps.sh installs it)");
        ns = Interop.labPrefix() + "q";
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        hostIp = "10.216." + net + ".1";
        serverIp = "10.216." + net + ".2";
        String a = ns + "a";
        String b = ns + "b";
        sh("ip netns add " + ns, "ip -n " + ns + " link set lo up",
                "ip link add " + a + " type veth peer name " + b, "ip link set " + b + " netns " + ns,
                "ip addr add " + hostIp + "/30 dev " + a, "ip link set " + a + " up",
                "ip -n " + ns + " addr add " + serverIp + "/30 dev " + b, "ip -n " + ns + " link set " + b + " up");
        server = Interop.startSoftEtherServer(dir, ns, ADMIN_PW);
        vpncmd("HubCreate EVI /PASSWORD:hubpw", "Hub EVI",
                "UserCreate u1 /GROUP:none /REALNAME:none /NOTE:none", "UserPasswordSet u1 /PASSWORD:p1",
                "UserCreate u2 /GROUP:none /REALNAME:none /NOTE:none", "UserPasswordSet u2 /PASSWORD:p2");
        transport = new TcpTransport(new TestLogger().logger(), new TcpTransportConfig() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return TcpTransportConfig.class; }
            @Override public boolean nativeTransport() { return true; }
            @Override public int ioThreads() { return 1; }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: the script stops its vpnserver by PID
            server.waitFor(30, TimeUnit.SECONDS);
        }
        if (transport != null) {
            var m = TcpTransport.class.getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(transport);
        }
        if (ns != null) {
            sh("ip netns del " + ns);
        }
    }

    static final class QueueLink implements SessionLink {
        final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1024);
        final BlockingQueue<ByteBuf> outgoing = new ArrayBlockingQueue<>(1024);

        @Override
        public void received(List<ByteBuf> frames) {
            for (ByteBuf f : frames) {
                received.offer(ByteBufUtil.getBytes(f));
                f.release();
            }
        }

        @Override
        public int drainTo(List<? super ByteBuf> out, int max) {
            return outgoing.drainTo(out, max);
        }

        byte[] await(int tag) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                byte[] f = received.poll(left, TimeUnit.NANOSECONDS);
                if (f != null && f.length >= 18 && ByteBuffer.wrap(f, 14, 4).getInt() == tag) {
                    return f;
                }
            }
            return null;
        }
    }

    static byte[] frame(int srcLast, int tag) {
        return ByteBuffer.allocate(60).put(new byte[] {-1, -1, -1, -1, -1, -1})
                .put(new byte[] {2, 0, 0, 0, 0, (byte) srcLast}).putShort((short) 0x88B5).putInt(tag).array();
    }

    private ClientSession connect(String user, String password, int connections, QueueLink link) throws Exception {
        ClientOptions o = ClientOptions.password(new Endpoint(serverIp, 5555), "EVI", user, password)
                .withConnections(connections, false);
        return new ClientSession(o, transport, new ModernCipherSuites(), null, null, link, null).start()
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void twoOfOurSessionsExchangeFramesThroughARealSoftEtherHub() throws Exception {
        QueueLink l1 = new QueueLink();
        QueueLink l2 = new QueueLink();
        ClientSession s1 = connect("u1", "p1", 2, l1);
        ClientSession s2 = connect("u2", "p2", 1, l2);
        try {
            assertTrue(s1.sessionName().startsWith("SID-U1-"), s1.sessionName());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s1.tunnel().connectionCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(2, s1.tunnel().connectionCount(), "the real server took our additional connection: "
                    + s1.lastError());
            for (int tag = 1; tag <= 5; tag++) {
                byte[] f = frame(1, tag);
                l1.outgoing.add(Unpooled.wrappedBuffer(f));
                s1.tunnel().wakeup();
                assertArrayEquals(f, l2.await(tag), "frame " + tag + " from u1 reached u2");
            }
            byte[] back = frame(2, 100);
            l2.outgoing.add(Unpooled.wrappedBuffer(back));
            s2.tunnel().wakeup();
            assertArrayEquals(back, l1.await(100), "and back");
        } finally {
            s1.close();
            s2.close();
        }
    }

    @Test
    void ourServerCascadesIntoTheRealHubAndFramesCrossBothWays() throws Exception {
        Path home = Files.createDirectories(dir.resolve("ours"));
        Path bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("server.json"), "{\"format\": \"ethervpn-server-config\", \"version\": 1, "
                + "\"listeners\": [{\"port\": " + port + ", \"enabled\": true}]}");
        assertEquals(0, ours(bin, data, "server").code());
        try {
            for (String c : List.of("vpn:usercreate DEFAULT alice", "vpn:userpasswordset DEFAULT alice alicepass",
                    "vpn:cascadecreate DEFAULT toreal " + serverIp + ":5555 EVI u1", "vpn:cascadepasswordset DEFAULT toreal p1",
                    "vpn:cascadeonline DEFAULT toreal")) {
                Interop.Run r = ours(bin, data, "shell", "-c", c);
                assertEquals(0, r.code(), c + ": " + r.out());
            }
            String status = "";
            for (int i = 0; i < 80 && !status.contains("CONNECTIONS: 8"); i++) {
                Thread.sleep(250);
                status = ours(bin, data, "shell", "-c", "vpn:cascadestatusget DEFAULT toreal").out();
            }
            assertTrue(status.contains("STATUS:      connected") && status.contains("CONNECTIONS: 8"),
                    "our cascade into the real hub: " + status);

            QueueLink onReal = new QueueLink();
            QueueLink onOurs = new QueueLink();
            ClientSession real = connect("u2", "p2", 1, onReal);
            ClientOptions o = ClientOptions.password(new Endpoint("127.0.0.1", port), "DEFAULT", "alice", "alicepass");
            ClientSession mine = new ClientSession(o, transport, new ModernCipherSuites(), null, null, onOurs, null).start()
                    .get(20, TimeUnit.SECONDS);
            try {
                byte[] out = frame(3, 300);
                onOurs.outgoing.add(Unpooled.wrappedBuffer(out));
                mine.tunnel().wakeup();
                assertArrayEquals(out, onReal.await(300), "our hub -> our cascade -> the real hub");
                byte[] back = frame(4, 301);
                onReal.outgoing.add(Unpooled.wrappedBuffer(back));
                real.tunnel().wakeup();
                assertArrayEquals(back, onOurs.await(301), "the real hub -> our cascade -> our hub");
            } finally {
                real.close();
                mine.close();
            }
        } finally {
            ours(bin, data, "stop");
        }
    }

    @Test
    void aRealSoftEtherServerCascadesIntoOursAndFramesCrossBothWays() throws Exception {
        Path home = Files.createDirectories(dir.resolve("ours2"));
        Path bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("server.json"), "{\"format\": \"ethervpn-server-config\", \"version\": 1, "
                + "\"listeners\": [{\"port\": " + port + ", \"enabled\": true}]}");
        assertEquals(0, ours(bin, data, "server").code());
        try {
            for (String c : List.of("vpn:usercreate DEFAULT alice", "vpn:userpasswordset DEFAULT alice alicepass",
                    "vpn:usercreate DEFAULT link", "vpn:userpasswordset DEFAULT link linkpass")) {
                assertEquals(0, ours(bin, data, "shell", "-c", c).code(), c);
            }
            vpncmd("Hub EVI", "CascadeCreate toours /SERVER:" + hostIp + ":" + port + " /HUB:DEFAULT /USERNAME:link",
                    "CascadePasswordSet toours /PASSWORD:linkpass /TYPE:standard", "CascadeOnline toours");
            String sessions = "";
            for (int i = 0; i < 120 && !sessions.contains("8/8"); i++) {
                Thread.sleep(250);
                sessions = ours(bin, data, "shell", "-c", "vpn:sessionlist DEFAULT").out();
            }
            assertTrue(sessions.contains("link") && sessions.contains("8/8") && sessions.lines()
                    .anyMatch(l -> l.contains("link") && l.matches(".*\\byes\\s+no\\s+no\\s+yes\\b.*")),
                    "the real cascade in our hub (8 connections, encrypted, bridge mode): " + sessions);

            QueueLink onReal = new QueueLink();
            QueueLink onOurs = new QueueLink();
            ClientSession real = connect("u2", "p2", 1, onReal);
            ClientOptions o = ClientOptions.password(new Endpoint("127.0.0.1", port), "DEFAULT", "alice", "alicepass");
            ClientSession mine = new ClientSession(o, transport, new ModernCipherSuites(), null, null, onOurs, null).start()
                    .get(20, TimeUnit.SECONDS);
            try {
                byte[] out = frame(5, 400);
                onOurs.outgoing.add(Unpooled.wrappedBuffer(out));
                mine.tunnel().wakeup();
                assertArrayEquals(out, onReal.await(400), "our hub -> the real cascade -> the real hub");
                byte[] back = frame(6, 401);
                onReal.outgoing.add(Unpooled.wrappedBuffer(back));
                real.tunnel().wakeup();
                assertArrayEquals(back, onOurs.await(401), "the real hub -> the real cascade -> our hub");
            } finally {
                real.close();
                mine.close();
                vpncmd("Hub EVI", "CascadeOffline toours", "CascadeDelete toours");
            }
        } finally {
            ours(bin, data, "stop");
        }
    }

    private static Interop.Run ours(Path bin, Path data, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.add(args[0]);
        cmd.add("--data");
        cmd.add(data.toString());
        cmd.addAll(List.of(args).subList(1, args.length));
        return Interop.exec(data, cmd, Map.of(), Duration.ofSeconds(60), null);
    }

    @Test
    void aWrongPasswordGetsTheRealServersError9() {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connect("u1", "wrong", 1, new QueueLink()));
        assertTrue(e.getCause().getMessage().contains("error 9"), e.getCause().getMessage());
    }

    /** vpncmd commands against the real server, in its private namespaces (the harness's evi_vpncmd). */
    static void vpncmd(String... commands) throws Exception {
        Path in = Files.writeString(Files.createTempFile(dir, "vpncmd", ".txt"), String.join("\n", commands) + "\n");
        ProcessBuilder pb = new ProcessBuilder(Interop.repo().resolve("releng/interop/softether-vpncmd.sh").toString(),
                dir.resolve("srv/vpnserver").toString(), ADMIN_PW).redirectErrorStream(true)
                .redirectInput(in.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "vpncmd hung");
        assertEquals(0, p.exitValue(), String.join("; ", commands) + ":\n" + out);
    }

    private static void sh(String... commands) throws Exception {
        for (String c : commands) {
            Interop.Run r = Interop.exec(Path.of("/"), List.of("bash", "-c", c), Map.of(), Duration.ofSeconds(30), null);
            assertEquals(0, r.code(), c + ": " + r.out());
        }
    }
}
