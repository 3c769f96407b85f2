package org.ethervpn.transport.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Real SOCKS servers from Debian packages in a namespace of their own: dante (danted: SOCKS4 and
 * SOCKS5 without authentication) and microsocks (SOCKS5 user/password; dante would check that
 * against system accounts). The test JVM reaches the proxies but not the target namespace behind
 * them, so every byte that arrives went through a proxy.
 */
class SocksProxyTest {
    private static final int DANTE = 1080;
    private static final int MICROSOCKS = 1081;
    private static final int ABSENT = 1089;
    private static final int ECHO = 7000;
    /** nothing listens there: the target host refuses */
    private static final int CLOSED = 7001;
    /** answers the address the connection came from */
    private static final int WHO = 7002;
    /** TEST-NET-2: the proxy namespace has no route there */
    private static final String NOWHERE = "198.51.100.7";
    @TempDir
    static Path dir;
    static String lab;
    /** a random /23 of 10.82/16, so that concurrent runs on one machine do not collide */
    static String proxyNet;
    static String targetNet;
    static String proxyIp;
    static String proxyOutIp;
    static String targetIp;
    static Process dante;
    static Process microsocks;
    static Process echo;
    static final Socks4ProxyTransport socks4 = new Socks4ProxyTransport();
    static final Socks5ProxyTransport socks5 = new Socks5ProxyTransport();

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/danted")),
                "danted is not installed (releng/install-test-deps.sh installs dante-server)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/microsocks")),
                "microsocks is not installed (releng/install-test-deps.sh installs it)");
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        lab = "evs" + HexFormat.of().toHexDigits((short) rnd.nextInt());
        int n = 2 * rnd.nextInt(127);
        proxyNet = "10.82." + n;
        targetNet = "10.82." + (n + 1);
        proxyIp = proxyNet + ".2";
        proxyOutIp = targetNet + ".1";
        targetIp = targetNet + ".2";
        String p = lab + "p";
        String t = lab + "t";
        sh("ip netns add " + p + " && ip netns add " + t + " && ip -n " + p + " link set lo up && ip -n " + t + " link set lo up"
                + " && ip link add " + lab + "a type veth peer name " + lab + "b && ip link set " + lab + "b netns " + p
                + " && ip addr add " + proxyNet + ".1/24 dev " + lab + "a && ip link set " + lab + "a up"
                + " && ip -n " + p + " addr add " + proxyIp + "/24 dev " + lab + "b && ip -n " + p + " link set " + lab + "b up"
                + " && ip -n " + p + " link add " + lab + "c type veth peer name " + lab + "d && ip -n " + p + " link set " + lab + "d netns " + t
                + " && ip -n " + p + " addr add " + proxyOutIp + "/24 dev " + lab + "c && ip -n " + p + " link set " + lab + "c up"
                + " && ip -n " + t + " addr add " + targetIp + "/24 dev " + lab + "d && ip -n " + t + " link set " + lab + "d up"
                // the target network must not be reachable from here except through a proxy (and
                // nothing may leave through the default route)
                + " && ip route add unreachable " + targetNet + ".0/24");
        echo = new ProcessBuilder("ip", "netns", "exec", t, "python3", "-u", "-c", """
                import socket, threading
                def listen(port):
                    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(("%s", port)); s.listen(16); return s
                def serve(c):
                    while True:
                        b = c.recv(65536)
                        if not b: break
                        c.sendall(b)
                    c.close()
                def who(s):
                    while True:
                        c, a = s.accept(); c.sendall((a[0] + "\\n").encode()); c.close()
                e, w = listen(%d), listen(%d)
                threading.Thread(target=who, args=(w,), daemon=True).start()
                print("ready")
                while True:
                    c, _ = e.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
                """.formatted(targetIp, ECHO, WHO)).redirectErrorStream(true).start();
        String ready = new BufferedReader(new InputStreamReader(echo.getInputStream())).readLine();
        assertEquals("ready", ready, "the target's echo server did not start");
        dante = dante(p);
        microsocks = new ProcessBuilder("ip", "netns", "exec", p, "microsocks", "-i", proxyIp, "-p", "" + MICROSOCKS,
                "-u", "sx", "-P", "sx-secret").redirectErrorStream(true).redirectOutput(dir.resolve("microsocks.out").toFile()).start();
        awaitListening(DANTE, dante);
        awaitListening(MICROSOCKS, microsocks);
    }

    /** danted, privately: own config, pid and log files; SOCKS4 and SOCKS5 without authentication. */
    private static Process dante(String ns) throws IOException {
        Path conf = Files.writeString(dir.resolve("danted.conf"), """
                logoutput: %s
                internal: %s port = %d
                external: %s
                clientmethod: none
                socksmethod: none
                user.privileged: root
                user.unprivileged: nobody
                client pass {
                  from: %s.0/24 to: 0.0.0.0/0
                }
                socks pass {
                  from: %s.0/24 to: 0.0.0.0/0
                  command: connect
                  log: error connect
                }
                """.formatted(dir.resolve("danted.log"), proxyIp, DANTE, proxyOutIp, proxyNet, proxyNet));
        return new ProcessBuilder("ip", "netns", "exec", ns, "danted", "-f", conf.toString(), "-p", dir.resolve("danted.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("danted.out").toFile()).start();
    }

    private static void awaitListening(int port, Process server) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(proxyIp, port), 500);
                return;
            } catch (IOException e) {
                assertTrue(server.isAlive(), "the proxy on port " + port + " exited: " + Files.readString(dir.resolve(
                        port == DANTE ? "danted.out" : "microsocks.out")));
                assertTrue(System.nanoTime() < end, "the proxy on port " + port + " does not listen: " + e);
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        socks4.deactivate();
        socks5.deactivate();
        for (Process pr : new Process[] {dante, microsocks, echo}) {
            if (pr != null) {
                pr.destroy();
                pr.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (lab != null) {
            // danted's own children, if any outlived their parent, are in the namespace too
            sh("ip netns pids " + lab + "p | xargs -r kill; ip netns pids " + lab + "t | xargs -r kill;"
                    + " ip route del unreachable " + targetNet + ".0/24; ip link del " + lab + "a; ip netns del " + lab + "p;"
                    + " ip netns del " + lab + "t; true");
        }
    }

    @Test
    void theTargetIsReachableOnlyThroughAProxy() {
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(targetIp, ECHO), 1000);
            }
        });
    }

    @Test
    void socks4ConnectThroughDante() throws Exception {
        ProxySettings ps = new ProxySettings(new Endpoint(proxyIp, DANTE), "", "");
        assertEquals("hello through dante socks4", exchange(socks4, ps, ECHO, "hello through dante socks4"));
        // the target saw the proxy's outer address: the connection really went through dante
        assertEquals(proxyOutIp + "\n", exchange(socks4, ps, WHO, null));
    }

    @Test
    void socks4WithAUserIdThroughDante() throws Exception {
        assertEquals("with a user id", exchange(socks4, new ProxySettings(new Endpoint(proxyIp, DANTE), "someone", ""),
                ECHO, "with a user id"));
    }

    @Test
    void socks5WithoutAuthenticationThroughDante() throws Exception {
        ProxySettings ps = new ProxySettings(new Endpoint(proxyIp, DANTE), "", "");
        assertEquals("hello through dante socks5", exchange(socks5, ps, ECHO, "hello through dante socks5"));
        assertEquals(proxyOutIp + "\n", exchange(socks5, ps, WHO, null));
    }

    @Test
    void socks5UserPasswordThroughMicrosocks() throws Exception {
        ProxySettings ps = new ProxySettings(new Endpoint(proxyIp, MICROSOCKS), "sx", "sx-secret");
        assertEquals("authenticated", exchange(socks5, ps, ECHO, "authenticated"));
        assertEquals(proxyOutIp + "\n", exchange(socks5, ps, WHO, null));
    }

    @Test
    void aWrongSocks5PasswordIsAClearErrorWithoutThePassword() {
        String m = failure(socks5, new ProxySettings(new Endpoint(proxyIp, MICROSOCKS), "sx", "wrong-secret"), targetIp, ECHO);
        assertTrue(m.startsWith("SOCKS5 proxy " + proxyIp + ":" + MICROSOCKS + " did not connect to " + targetIp + ":" + ECHO + ": "), m);
        assertTrue(m.endsWith("(the proxy refused user name sx or its password)"), m);
        assertFalse(m.contains("wrong-secret"), m);
    }

    @Test
    void noCredentialsForAProxyThatWantsThemIsAClearError() {
        String m = failure(socks5, new ProxySettings(new Endpoint(proxyIp, MICROSOCKS), "", ""), targetIp, ECHO);
        assertTrue(m.startsWith("SOCKS5 proxy " + proxyIp + ":" + MICROSOCKS + " did not connect to "), m);
        assertTrue(m.contains("authMethod: UNACCEPTED") && m.endsWith("(the proxy requires authentication: give a user name and password)"), m);
    }

    @Test
    void aSocksProxyThatIsNotThereIsAClearError() {
        ProxySettings ps = new ProxySettings(new Endpoint(proxyIp, ABSENT), "", "");
        String m4 = failure(socks4, ps, targetIp, ECHO);
        assertTrue(m4.startsWith("SOCKS4 proxy " + proxyIp + ":" + ABSENT + " did not connect to ") && m4.contains("refused"), m4);
        String m5 = failure(socks5, ps, targetIp, ECHO);
        assertTrue(m5.startsWith("SOCKS5 proxy " + proxyIp + ":" + ABSENT + " did not connect to ") && m5.contains("refused"), m5);
    }

    @Test
    void aTargetThatRefusesBehindTheProxyIsTheProxysAnswer() {
        ProxySettings dantePs = new ProxySettings(new Endpoint(proxyIp, DANTE), "", "");
        // SOCKS4 has one failure code for everything
        String m4 = failure(socks4, dantePs, targetIp, CLOSED);
        assertTrue(m4.startsWith("SOCKS4 proxy " + proxyIp + ":" + DANTE + " did not connect to " + targetIp + ":" + CLOSED + ": ")
                && m4.contains("status: REJECTED_OR_FAILED"), m4);
        String m5 = failure(socks5, dantePs, targetIp, CLOSED);
        assertTrue(m5.startsWith("SOCKS5 proxy " + proxyIp + ":" + DANTE + " did not connect to " + targetIp + ":" + CLOSED + ": ")
                && m5.contains("status: CONNECTION_REFUSED"), m5);
    }

    @Test
    void anUnreachableTargetBehindTheProxyIsTheProxysAnswer() {
        String m = failure(socks5, new ProxySettings(new Endpoint(proxyIp, DANTE), "", ""), NOWHERE, ECHO);
        assertTrue(m.startsWith("SOCKS5 proxy " + proxyIp + ":" + DANTE + " did not connect to " + NOWHERE + ":" + ECHO + ": ")
                && m.contains("status: NETWORK_UNREACHABLE"), m);
        String ma = failure(socks5, new ProxySettings(new Endpoint(proxyIp, MICROSOCKS), "sx", "sx-secret"), NOWHERE, ECHO);
        assertTrue(ma.startsWith("SOCKS5 proxy " + proxyIp + ":" + MICROSOCKS + " did not connect to ")
                && ma.contains("status: NETWORK_UNREACHABLE") && !ma.contains("sx-secret"), ma);
    }

    /** The message of the connect failure, which must come within the request's timeout. */
    private static String failure(ProxyTransport transport, ProxySettings proxy, String host, int port) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect(transport, proxy, host, port,
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // the future carries it; the pipeline's tail need not log it again
                    }
                }).close());
        assertTrue(e.getCause() instanceof IOException, e.toString());
        return e.getCause().getMessage();
    }

    private static Channel connect(ProxyTransport transport, ProxySettings proxy, String host, int port,
            SimpleChannelInboundHandler<ByteBuf> handler) throws Exception {
        return transport.connect(new ConnectRequest(new Endpoint(host, port), Duration.ofSeconds(5), proxy), handler)
                .get(10, TimeUnit.SECONDS);
    }

    /** Sends {@code text} (if any) to the target port and returns what came back: the echo, or the WHO line. */
    private static String exchange(ProxyTransport transport, ProxySettings proxy, int port, String text) throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(16);
        StringBuilder sb = new StringBuilder();
        Channel ch = connect(transport, proxy, targetIp, port, new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                sb.append(msg.toString(StandardCharsets.UTF_8));
                if (text == null ? sb.toString().endsWith("\n") : sb.length() >= text.length()) {
                    got.add(sb.toString());
                }
            }
        });
        try {
            if (text != null) {
                ch.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).sync();
            }
            String r = got.poll(5, TimeUnit.SECONDS);
            assertTrue(r != null, "no answer through " + transport.kind() + " " + proxy.proxy());
            return r;
        } finally {
            ch.close().sync();
        }
    }

    private static void sh(String script) throws Exception {
        Bash.run(script);
    }
}
