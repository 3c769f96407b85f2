package org.ethervpn.securenat.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.NatTcpState;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.Io;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.tcp.TcpClient.Seg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The TCP NAT with its real sockets (no root needed): a client speaking TCP in frames, segment by
 * segment, through a real {@code Engine} on a Netty loop to a loopback server (the test harness's engine may
 * reach loopback, the runtime's may not); the clock is moved by hand.
 */
class TcpRelayTest {
    private static final int LOOPBACK = Ip4.parse("127.0.0.1");
    private EventLoopGroup group;
    private Io io;
    private EngineHarness h;

    @BeforeEach
    void engine() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        io = new Io(group.next(), NioSocketChannel.class, NioDatagramChannel.class);
        h = new EngineHarness(SecureNatOptions.defaults(EngineHarness.HOST_MAC), FlowLimits.DEFAULT, io);
        on(() -> {
            TcpNat.install(h.engine);
            return h.start();
        });
    }

    @AfterEach
    void stop() throws Exception {
        on(() -> {
            h.close();
            return null;
        });
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private <T> T on(Callable<T> task) throws Exception {
        return io.loop().submit(task).get(10, TimeUnit.SECONDS);
    }

    /** The next segment to the client, waiting for the sockets. */
    private Seg next(TcpClient c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Seg s = on(c::take);
            if (s != null) {
                return s;
            }
            Thread.sleep(2);
        }
        return fail("no segment from the NAT within 10 s");
    }

    @Test
    void bytesBothWaysThroughARealSocketWithHalfClose() throws Exception {
        byte[] up = new byte[200_000];
        byte[] down = new byte[300_000];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    received.complete(in.readAllBytes()); // up to the client's FIN
                    s.getOutputStream().write(down);
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
            TcpClient c = TcpClient.of(h, 41000, LOOPBACK, server.getLocalPort());
            on(() -> {
                c.syn(new byte[] {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, 7});
                return null;
            });
            Seg synAck = next(c);
            assertTrue(synAck.has(Segments.SYN | Segments.ACK), "SYN-ACK once the socket connected");
            c.ack = synAck.seq() + 1;
            int window = 8000; // << 7
            on(() -> {
                c.ack(window);
                return null;
            });
            assertEquals(NatTcpState.ESTABLISHED, on(() -> h.engine.natSessions()).get(0).tcpState());

            int acked = 0;
            for (int off = 0; off < up.length; off += 1460) {
                byte[] chunk = Arrays.copyOfRange(up, off, Math.min(up.length, off + 1460));
                on(() -> {
                    c.data(chunk, window);
                    return null;
                });
                if ((off / 1460) % 32 == 31 || off + 1460 >= up.length) { // stay within our 512 KB window
                    int want = c.seq;
                    while (acked - want < 0) {
                        acked = next(c).ack();
                    }
                }
            }
            on(() -> {
                c.fin(window);
                return null;
            });
            assertArrayEquals(up, received.get(10, TimeUnit.SECONDS), "the server read everything, then EOF");

            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean fin = false;
            while (!fin) {
                Seg s = next(c);
                if (s.seq() == c.ack && s.data().length > 0) {
                    got.writeBytes(s.data());
                    c.ack += s.data().length;
                }
                if (s.has(Segments.FIN) && s.seq() + s.data().length == c.ack) {
                    c.ack++;
                    fin = true;
                }
                on(() -> {
                    c.ack(window);
                    return null;
                });
            }
            assertArrayEquals(down, got.toByteArray(), "the server's answer arrived whole, then FIN");
            assertEquals(up.length, on(() -> h.engine.natSessions()).get(0).sendBytes());
            assertEquals(down.length, on(() -> h.engine.natSessions()).get(0).recvBytes());
            on(() -> {
                h.advance(2100);
                return null;
            });
            assertEquals(0, on(() -> h.engine.status()).tcpSessions(), "closed after TIME_WAIT");
        }
    }

    @Test
    void aRefusedPortResetsTheClient() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TcpClient c = TcpClient.of(h, 41001, LOOPBACK, port);
        on(() -> {
            c.syn(new byte[0]);
            return null;
        });
        Seg r = next(c);
        assertTrue(r.has(Segments.RST | Segments.ACK), "RST for a refused connect");
        assertEquals(c.seq, r.ack());
        assertEquals(0, on(() -> h.engine.status()).tcpSessions());
    }
}
