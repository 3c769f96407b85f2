package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.client.ReconnectPolicy;
import org.ethervpn.client.VpnConnection;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's reconnection against a real server that stops and comes back on the same port:
 * a new login at the configured interval, a limit on attempts, and no retries after a refusal.
 */
class VpnConnectionTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** The client's own I/O: the server's transport goes down with the server. */
    private final TcpTransport clientTransport = new TcpTransport(new TestLogger().logger(), TestServer.tcpConfig());

    @TempDir
    Path dir;

    @AfterEach
    void stopTimer() throws Exception {
        timer.shutdownNow();
        var m = TcpTransport.class.getDeclaredMethod("deactivate");
        m.setAccessible(true);
        m.invoke(clientTransport);
    }

    private VpnConnection connect(TestServer server, String password, ReconnectPolicy policy) {
        ClientOptions o = ClientOptions.password(new Endpoint("127.0.0.1", server.port), "DEFAULT", "alice", password);
        return new VpnConnection(() -> new ClientSession(o, clientTransport, new ModernCipherSuites(), null, null,
                new ClientSessionTest.QueueLink(), null), policy, timer).start();
    }

    @Test
    void aServerThatComesBackGetsANewLoginAfterTheInterval() throws Exception {
        TestServer server = new TestServer(dir).user("alice", "alicepass");
        Path config = Files.copy(server.configFile, dir.resolve("keep.json"));
        VpnConnection c = connect(server, "alicepass", new ReconnectPolicy(Duration.ofSeconds(5), ReconnectPolicy.UNLIMITED));
        try {
            await(() -> c.state() == VpnConnection.State.CONNECTED, 10_000, c);
            server.close();
            await(() -> c.state() == VpnConnection.State.RETRY_WAIT, 10_000, c);
            long lostAt = System.nanoTime();
            TestServer again = new TestServer(dir);
            try {
                await(() -> c.state() == VpnConnection.State.CONNECTED && c.logins() == 2, 15_000, c);
                long waited = (System.nanoTime() - lostAt) / 1_000_000;
                assertTrue(waited >= 4_500, "the new login came after " + waited + " ms, before the 5 s interval");
                assertEquals(1, again.admin.sessionList("DEFAULT").size());
            } finally {
                c.close();
                again.close();
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void attemptsRunOutWhenTheServerStaysAway() throws Exception {
        TestServer server = new TestServer(dir).user("alice", "alicepass");
        VpnConnection c = connect(server, "alicepass", new ReconnectPolicy(Duration.ofSeconds(5), 1));
        try {
            await(() -> c.state() == VpnConnection.State.CONNECTED, 10_000, c);
            server.close();
            await(() -> c.state() == VpnConnection.State.GAVE_UP, 15_000, c);
            assertEquals(1, c.logins());
        } finally {
            c.close();
        }
    }

    @Test
    void aWrongPasswordIsNeverRetried() throws Exception {
        try (TestServer server = new TestServer(dir).user("alice", "alicepass")) {
            VpnConnection c = connect(server, "wrong", ReconnectPolicy.DEFAULT);
            await(() -> c.state() == VpnConnection.State.REFUSED, 10_000, c);
            assertTrue(c.lastError().contains("error 9"), c.lastError());
            Thread.sleep(300);
            assertEquals(VpnConnection.State.REFUSED, c.state());
            assertEquals(0, c.logins());
            c.close();
        }
    }

    private static void await(BooleanSupplier condition, long millis, VpnConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out in state " + c.state() + ", last error " + c.lastError());
            Thread.sleep(50);
        }
    }
}
