package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.protocol.Sha0;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the admin login back-off (Authenticator: each wrong password from an address doubles
 * the wait before the answer to that address, 0.5 s up to 8 s; a right one resets it) seen from
 * several source addresses. Loopback's 127.0.0.0/8 gives a connection any of them without a
 * namespace. Wrong passwords from one address never slow down another, nor a right password from
 * a third; the back-off follows the address, over JSON-RPC and vpncmd's binary admin login alike.
 */
class AdminBackoffTest {
    static {
        LeakWatch.install();
    }

    static final String RIGHT = "right-password";

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() throws InterruptedException {
        LeakWatch.assertNoLeaks();
    }

    @Test
    void wrongPasswordsFromOneAddressDoNotLockOutAnother() throws Exception {
        try (TestServer server = new TestServer(dir, 15_000)) { // the production deadline: above the longest wait
            server.admin.serverPasswordSet(RIGHT.toCharArray());
            int port = server.port;

            long[] waits = new long[3];
            for (int i = 0; i < waits.length; i++) {
                waits[i] = answerMillis(port, "127.0.0.2", "guess-" + i, 401);
            }
            long other = answerMillis(port, "127.0.0.3", "guess", 401);
            long right = answerMillis(port, "127.0.0.4", RIGHT, 503); // granted: no admin RPC plugin in this server
            long fourth = answerMillis(port, "127.0.0.2", "guess-3", 401);
            long afterRight = answerMillis(port, "127.0.0.3", RIGHT, 503);
            long reset = answerMillis(port, "127.0.0.3", "guess", 401);
            // vpncmd's binary admin login counts against the same address
            long binary = binaryAdminMillis(port, "127.0.0.5", "guess");
            long binaryAgain = binaryAdminMillis(port, "127.0.0.5", "guess"); // TestPeer reads for 3 s at most
            long jsonAfterBinary = answerMillis(port, "127.0.0.5", "guess", 401);
            System.out.printf("admin back-off: 127.0.0.5 binary RPC %d ms, binary RPC %d ms, then JSON-RPC %d ms%n",
                    binary, binaryAgain, jsonAfterBinary);
            assertTrue(binary >= 450 && binaryAgain >= 950 && jsonAfterBinary >= 1950,
                    "the binary RPC and JSON-RPC do not share the address's back-off");
            System.out.printf("admin back-off: 127.0.0.2 waited %d, %d, %d, %d ms; meanwhile 127.0.0.3 %d ms (wrong),"
                    + " 127.0.0.4 %d ms (right); 127.0.0.3 right %d ms, then wrong %d ms%n",
                    waits[0], waits[1], waits[2], fourth, other, right, afterRight, reset);

            assertTrue(waits[0] >= 450 && waits[1] >= 950 && waits[2] >= 1950 && fourth >= 3950,
                    "the back-off does not double per failure from the address");
            assertTrue(other >= 450 && other < 1900, "127.0.0.3's first failure waited " + other
                    + " ms: the failures of 127.0.0.2 count against it");
            assertTrue(right < 1000, "a right password from 127.0.0.4 waited " + right + " ms");
            assertTrue(afterRight < 1000, "a right password after a failure waited " + afterRight + " ms");
            assertTrue(reset >= 450 && reset < 1900, "a right password did not reset 127.0.0.3's back-off: " + reset + " ms");
        }
    }

    /** A binary admin login (vpncmd's) from {@code from} with a wrong password; the time until it is refused. */
    static long binaryAdminMillis(int port, String from, String password) throws Exception {
        try (TestPeer p = TestPeer.tcp(port, 0, from).startTls()) {
            p.hello();
            byte[] proof = PasswordHash.securePassword(Sha0.hash(password.getBytes(StandardCharsets.UTF_8)), p.random);
            long start = System.nanoTime();
            Pack answer = p.call(new Pack().addStr("method", "admin").addData("secure_password", proof));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ProtocolError.ACCESS_DENIED.code(), answer.getInt("error"), answer.toString());
            return millis;
        }
    }

    /** One JSON-RPC request from {@code from}; the time until its answer, which must have {@code status}. */
    static long answerMillis(int port, String from, String password, int status) throws Exception {
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(from, 0));
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        try (tcp) { // a bare TCP close: an SSLSocket's close waits for the server's close_notify
            SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(tcp, "127.0.0.1", port, false);
            s.setSoTimeout(30_000);
            s.startHandshake();
            byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"Test\",\"params\":{}}".getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            s.getOutputStream().write(("POST /api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-VPNADMIN-PASSWORD: " + password
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            String head = head(s.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(status, Integer.parseInt(head.substring(9, 12)), head);
            return millis;
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in the answer's head: " + b);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, new SecureRandom());
        return ctx;
    }
}
