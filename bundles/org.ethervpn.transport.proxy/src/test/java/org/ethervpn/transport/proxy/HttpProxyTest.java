package org.ethervpn.transport.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.transport.ConnectRequest;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.ProxySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * A real tinyproxy (Debian package) in a namespace of its own: the test JVM reaches the proxy but
 * not the target namespace behind it, so every byte that arrives went through the proxy.
 */
class HttpProxyTest {
    private static final String PROXY_IP = "10.81.0.2";
    private static final String TARGET_IP = "10.81.1.2";
    @TempDir
    static Path dir;
    static String lab;
    static Process proxy;
    static Process proxyAuth;
    static Process echo;
    static final HttpProxyTransport transport = new HttpProxyTransport();

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tinyproxy")),
                "tinyproxy is not installed (releng/install-test-deps.sh installs it)");
        lab = "evp" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String p = lab + "p";
        String t = lab + "t";
        sh("ip netns add " + p + " && ip netns add " + t + " && ip -n " + p + " link set lo up && ip -n " + t + " link set lo up"
                + " && ip link add " + lab + "a type veth peer name " + lab + "b && ip link set " + lab + "b netns " + p
                + " && ip addr add 10.81.0.1/24 dev " + lab + "a && ip link set " + lab + "a up"
                + " && ip -n " + p + " addr add " + PROXY_IP + "/24 dev " + lab + "b && ip -n " + p + " link set " + lab + "b up"
                + " && ip -n " + p + " link add " + lab + "c type veth peer name " + lab + "d && ip -n " + p + " link set " + lab + "d netns " + t
                + " && ip -n " + p + " addr add 10.81.1.1/24 dev " + lab + "c && ip -n " + p + " link set " + lab + "c up"
                + " && ip -n " + t + " addr add " + TARGET_IP + "/24 dev " + lab + "d && ip -n " + t + " link set " + lab + "d up"
                // the target network must not be reachable from here except through the proxy (and
                // nothing may leave through the default route)
                + " && ip route add unreachable 10.81.1.0/24");
        echo = new ProcessBuilder("ip", "netns", "exec", t, "python3", "-u", "-c", """
                import socket, threading
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("%s", 7000)); s.listen(16)
                print("ready")
                def serve(c):
                    while True:
                        b = c.recv(65536)
                        if not b: break
                        c.sendall(b)
                    c.close()
                while True:
                    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
                """.formatted(TARGET_IP)).redirectErrorStream(true).start();
        // a fixed sleep was not enough for python's start on a loaded machine: wait for its word
        assertEquals("ready", new BufferedReader(new InputStreamReader(echo.getInputStream())).readLine(),
                "the target's echo server did not start");
        proxy = tinyproxy(p, 8888, "");
        proxyAuth = tinyproxy(p, 8889, "BasicAuth px px-secret\n");
        Thread.sleep(1000);
    }

    private static Process tinyproxy(String ns, int port, String extra) throws IOException {
        Path conf = Files.writeString(dir.resolve("tinyproxy-" + port + ".conf"), "Port " + port + "\nListen " + PROXY_IP
                + "\nTimeout 60\nAllow 10.81.0.0/24\nConnectPort 7000\nLogFile \"" + dir.resolve("tinyproxy-" + port + ".log")
                + "\"\nLogLevel Info\nMaxClients 20\n" + extra);
        return new ProcessBuilder("ip", "netns", "exec", ns, "tinyproxy", "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tinyproxy-" + port + ".out").toFile()).start();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        transport.deactivate();
        for (Process pr : new Process[] {proxy, proxyAuth, echo}) {
            if (pr != null) {
                pr.destroy();
                pr.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (lab != null) {
            sh("ip netns pids " + lab + "p | xargs -r kill; ip netns pids " + lab + "t | xargs -r kill;"
                    + " ip route del unreachable 10.81.1.0/24; ip link del " + lab + "a; ip netns del " + lab + "p; ip netns del " + lab + "t; true");
        }
    }

    @Test
    void theTargetIsReachableOnlyThroughTheProxy() {
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(TARGET_IP, 7000), 1000);
            }
        });
    }

    @Test
    void bytesGoBothWaysThroughConnect() throws Exception {
        assertEquals("hello through tinyproxy", echo(new ProxySettings(new Endpoint(PROXY_IP, 8888), "", ""),
                "hello through tinyproxy"));
    }

    @Test
    void basicAuthenticationLogsIn() throws Exception {
        assertEquals("authenticated", echo(new ProxySettings(new Endpoint(PROXY_IP, 8889), "px", "px-secret"), "authenticated"));
    }

    @Test
    void aWrongProxyPasswordIsAClearErrorWithoutThePassword() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> echo(new ProxySettings(new Endpoint(PROXY_IP, 8889), "px", "wrong-secret"), "x"));
        String m = e.getCause().getMessage();
        // tinyproxy answers 401 where RFC 7235 says 407; either way the status is in the message
        assertTrue(m.contains("HTTP proxy " + PROXY_IP + ":8889") && m.matches(".*status: 40[17] .*"), m);
        assertTrue(!m.contains("wrong-secret"), m);
    }

    @Test
    void aProxyThatIsNotThereIsAClearError() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> echo(new ProxySettings(new Endpoint(PROXY_IP, 8899), "", ""), "x"));
        assertTrue(e.getCause().getMessage().startsWith("HTTP proxy " + PROXY_IP + ":8899 did not connect to "), e.getCause().getMessage());
    }

    private static String echo(ProxySettings proxy, String text) throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(16);
        StringBuilder sb = new StringBuilder();
        Channel ch = transport.connect(new ConnectRequest(new Endpoint(TARGET_IP, 7000), Duration.ofSeconds(5), proxy),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        sb.append(msg.toString(StandardCharsets.UTF_8));
                        if (sb.length() >= text.length()) {
                            got.add(sb.toString());
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ch.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).sync();
            String r = got.poll(5, TimeUnit.SECONDS);
            assertTrue(r != null, "no echo");
            return r;
        } finally {
            ch.close().sync();
        }
    }

    private static void sh(String script) throws Exception {
        Bash.run(script);
    }
}
