package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

import org.ethervpn.api.admin.ListenerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port another socket holds is reported, not fatal, and bound once it is free again: a restart whose predecessor
 * still holds the port for a moment, or a program that had it for a while, leaves no listener missing for good.
 */
class ListenerRetryTest {
    static {
        LeakWatch.install();
    }

    @TempDir
    Path dir;

    @Test
    void aBusyPortIsBoundWhenItIsFreed() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            ServerSocket squatter = new ServerSocket();
            squatter.bind(new InetSocketAddress(0));
            int port = squatter.getLocalPort();
            try {
                server.admin.listenerCreate(port);
                String status = status(server, port);
                assertTrue(status.startsWith("error: "), status);
                Thread.sleep(ListenerSet.RETRY_SECONDS * 1500L);
                assertTrue(status(server, port).startsWith("error: "), "still busy, still an error");
            } finally {
                squatter.close();
            }
            String status = "";
            for (int i = 0; i < 100 && !status.equals("listening"); i++) {
                Thread.sleep(100);
                status = status(server, port);
            }
            assertEquals("listening", status, "bound within a few retries of the port's release");
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertTrue(s.isConnected());
            }
            server.admin.listenerDelete(port);
            assertTrue(server.admin.listenerList().stream().noneMatch(l -> l.port() == port));
        }
    }

    private static String status(TestServer server, int port) {
        return server.admin.listenerList().stream().filter(l -> l.port() == port).map(ListenerInfo::status).findFirst()
                .orElseThrow();
    }
}
