package org.ethervpn.securenat.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.Frames;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;
import org.ethervpn.securenat.udp.NatLoop;
import org.ethervpn.securenat.udp.UdpNat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.netty.buffer.ByteBuf;

/** The DNS proxy against a real nameserver: dnsmasq on a loopback port, answering test.example with 10.1.2.3. */
@Timeout(60)
class DnsProxyLoopbackTest {
    static final long HOST = Mac.parse(EngineHarness.HOST_MAC);
    static final long CLIENT = 0x02_00_00_00_00_0AL;
    static final int HOST_IP = Ip4.parse("192.168.30.1");
    static final int CLIENT_IP = Ip4.parse("192.168.30.10");
    static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    /** Eight 250-character strings: a TXT answer of over 2000 bytes, sent only to an EDNS query. */
    static final String BIG_TXT = String.join(",", java.util.Collections.nCopies(8, "x".repeat(250)));
    static Process dnsmasq;
    static InetSocketAddress nameserver;
    NatLoop loop;
    DatagramSocket silent;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        assumeTrue(Files.isExecutable(DNSMASQ), "dnsmasq is not installed (Debian package dnsmasq-base)");
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
                "--no-hosts", "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file=",
                "--address=/test.example/10.1.2.3", "--txt-record=big.example," + BIG_TXT, "--edns-packet-max=4096")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        nameserver = new InetSocketAddress("127.0.0.1", port);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            byte[] q = DnsMessageTest.query(1, "test.example");
            for (int i = 0; i < 50; i++) {
                s.send(new DatagramPacket(q, q.length, nameserver));
                try {
                    s.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException e) {
                    assumeTrue(dnsmasq.isAlive(), "dnsmasq did not start");
                }
            }
        }
        throw new AssertionError("dnsmasq does not answer on " + nameserver);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    DnsProxy start(FlowLimits limits, List<InetSocketAddress> servers, boolean udpNat) {
        loop = new NatLoop(limits);
        DnsProxy proxy = new DnsProxy(loop.h.engine, () -> servers);
        loop.run(() -> {
            loop.h.engine.hostUdp(DnsProxy.PORT, proxy).service(proxy);
            if (udpNat) {
                UdpNat udp = new UdpNat(loop.h.engine);
                loop.h.engine.nat(Ipv4.UDP, udp).service(udp);
            }
            loop.h.engine.start();
        });
        return proxy;
    }

    static ByteBuf query(int client, int port, int id, String name) {
        return Frames.ipv4(HOST, CLIENT + (client - CLIENT_IP), client, HOST_IP, Ipv4.UDP,
                Frames.udp(port, 53, DnsMessageTest.query(id, name)));
    }

    /** The next answer to {@code client}, skipping the engine's ARP questions. */
    ByteBuf answerTo(int client, long millis) {
        for (ByteBuf f; (f = loop.await(millis)) != null;) {
            if (f.getUnsignedShort(Ethernet.TYPE) == Ethernet.TYPE_IPV4 && Ipv4.dst(f, Ethernet.HEADER) == client) {
                return f;
            }
            f.release();
        }
        return null;
    }

    /** Checks the answer's addressing and returns the DNS message's index. */
    static int dns(ByteBuf f, int client, int port) {
        int ip = Ethernet.HEADER;
        assertNull(Ipv4.check(f, ip, f.readableBytes() - ip));
        assertEquals(HOST_IP, Ipv4.src(f, ip), "from the virtual host");
        int u = Ipv4.payload(f, ip);
        assertEquals(53, f.getUnsignedShort(u));
        assertEquals(port, f.getUnsignedShort(u + 2));
        return u + 8;
    }

    @Test
    void concurrentClientsWithTheSameIdEachGetTheirAnswer() {
        int other = CLIENT_IP + 1;
        start(FlowLimits.DEFAULT, List.of(nameserver), false);
        loop.run(() -> {
            loop.h.send(query(CLIENT_IP, 5000, 0x4242, "test.example"));
            loop.h.send(query(other, 5001, 0x4242, "www.test.example"));
        });
        java.util.Map<Integer, ByteBuf> answers = new java.util.HashMap<>();
        for (ByteBuf f; answers.size() < 2 && (f = loop.await(5000)) != null;) {
            if (f.getUnsignedShort(Ethernet.TYPE) == Ethernet.TYPE_IPV4) {
                answers.put(Ipv4.dst(f, Ethernet.HEADER), f);
            } else {
                f.release();
            }
        }
        for (int client : new int[] {CLIENT_IP, other}) {
            ByteBuf a = answers.get(client);
            assertNotNull(a, "answer to " + Ip4.format(client));
            int m = dns(a, client, client == CLIENT_IP ? 5000 : 5001);
            assertEquals(0x4242, a.getUnsignedShort(m), "the client's own id");
            assertEquals(0, a.getUnsignedByte(m + 3) & 0x0F, "NOERROR");
            assertEquals(1, a.getUnsignedShort(m + 6), "one answer");
            assertEquals(client == CLIENT_IP ? "test.example" : "www.test.example",
                    DnsMessage.question(a, m, a.writerIndex() - m).name());
            assertEquals(Ip4.parse("10.1.2.3"), a.getInt(a.writerIndex() - 4), "dnsmasq's address");
            a.release();
        }
        assertEquals(0, loop.call(() -> loop.h.engine.status().dnsSessions()), "answered queries end their flow");
    }

    @Test
    void aSilentNameserverIsRetriedOnTheNextThenServfailAfterTheTimeout() throws Exception {
        silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress dead = (InetSocketAddress) silent.getLocalSocketAddress();
        start(FlowLimits.DEFAULT, List.of(dead, nameserver), false);
        loop.run(() -> loop.h.send(query(CLIENT_IP, 5002, 7, "test.example")));
        assertNull(answerTo(CLIENT_IP, 300), "the first nameserver says nothing");
        List<NatEntry> rows = loop.call(loop.h.engine::natSessions);
        assertEquals(1, rows.size());
        assertEquals(NatProtocol.DNS, rows.get(0).protocol());
        assertEquals("test.example", rows.get(0).destHost(), "EnumNAT shows the name asked");
        assertEquals("127.0.0.1", rows.get(0).destIp());
        assertEquals(dead.getPort(), rows.get(0).destPort());
        loop.run(() -> loop.h.advance(2100));
        ByteBuf a = answerTo(CLIENT_IP, 5000);
        assertNotNull(a, "the second nameserver answered");
        assertEquals(0, a.getUnsignedByte(dns(a, CLIENT_IP, 5002) + 3) & 0x0F);
        a.release();

        // only the silent one: SERVFAIL after the timeout
        loop.close();
        start(FlowLimits.DEFAULT, List.of(dead), false);
        loop.run(() -> loop.h.send(query(CLIENT_IP, 5003, 8, "test.example")));
        loop.run(() -> loop.h.advance(4000));
        assertNull(answerTo(CLIENT_IP, 100));
        loop.run(() -> loop.h.advance(1100));
        ByteBuf f = answerTo(CLIENT_IP, 2000);
        assertNotNull(f);
        int m = dns(f, CLIENT_IP, 5003);
        assertEquals(8, f.getUnsignedShort(m));
        assertEquals(DnsMessage.RCODE_SERVFAIL, f.getUnsignedByte(m + 3) & 0x0F);
        f.release();
        assertEquals(0, loop.call(() -> loop.h.engine.status().dnsSessions()));
    }

    @Test
    void aClientOpeningThousandsOfFlowsIsRefusedWhileAnothersDnsAnswers() {
        start(FlowLimits.DEFAULT, List.of(nameserver), true);
        loop.run(() -> {
            for (int i = 0; i < 2000; i++) {
                loop.h.send(Frames.ipv4(HOST, CLIENT, CLIENT_IP, Ip4.parse("127.0.0.1"), Ipv4.UDP,
                        Frames.udp(20000 + i, 9, new byte[] {1})));
            }
        });
        assertEquals(FlowLimits.DEFAULT.perClient(), loop.call(() -> loop.h.engine.status().udpSessions()));
        assertEquals(2000 - FlowLimits.DEFAULT.perClient(), loop.call(() -> loop.h.engine.status().flowsRefused()));
        int other = CLIENT_IP + 1;
        loop.run(() -> loop.h.send(query(other, 5004, 99, "test.example")));
        ByteBuf a = answerTo(other, 5000);
        assertNotNull(a, "the other client's DNS still answers");
        assertEquals(99, a.getUnsignedShort(dns(a, other, 5004)));
        a.release();
    }

    @Test
    void anEdnsAnswerLargerThanTheMtuReachesTheClientInFragments() {
        start(FlowLimits.DEFAULT, List.of(nameserver), false);
        byte[] plain = DnsMessageTest.query(0x3131, "big.example");
        plain[plain.length - 3] = 16; // TXT
        plain[11] = 1; // one additional record: EDNS OPT, 4096-byte answers
        byte[] edns = DnsMessageTest.concat(plain, new byte[] {0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0});
        loop.run(() -> loop.h.send(Frames.ipv4(HOST, CLIENT, CLIENT_IP, HOST_IP, Ipv4.UDP, Frames.udp(5006, 53, edns))));
        List<ByteBuf> fragments = new java.util.ArrayList<>();
        for (ByteBuf f; (f = answerTo(CLIENT_IP, 5000)) != null;) {
            fragments.add(f.skipBytes(Ethernet.HEADER));
            if ((f.getUnsignedShort(f.readerIndex() + 6) & 0x2000) == 0) {
                break; // the last fragment
            }
        }
        assertTrue(fragments.size() >= 2, "cut into fragments: " + fragments.size());
        byte[] udp = org.ethervpn.securenat.udp.Reassembly.check(fragments,
                Ipv4.id(fragments.get(0), fragments.get(0).readerIndex()), 1500);
        ByteBuf m = io.netty.buffer.Unpooled.wrappedBuffer(udp).skipBytes(8);
        assertTrue(m.readableBytes() > 2000, "the whole answer: " + m.readableBytes());
        assertEquals(0x3131, m.getUnsignedShort(m.readerIndex()));
        assertEquals(0, m.getUnsignedByte(m.readerIndex() + 2) & 0x02, "not truncated");
        assertEquals(1, m.getUnsignedShort(m.readerIndex() + 6), "the TXT record");
    }

    @Test
    void withNoNameserverTheAnswerIsServfailAtOnce() {
        try (EngineHarness h = new EngineHarness()) {
            DnsProxy proxy = new DnsProxy(h.engine, List::of);
            h.engine.hostUdp(DnsProxy.PORT, proxy).service(proxy).start();
            h.send(query(CLIENT_IP, 5005, 0x77, "nothing.example"));
            ByteBuf f = h.take();
            assertNotNull(f);
            int m = dns(f, CLIENT_IP, 5005);
            assertEquals(0x77, f.getUnsignedShort(m));
            assertEquals(DnsMessage.RCODE_SERVFAIL, f.getUnsignedByte(m + 3) & 0x0F);
            assertTrue(h.engine.natSessions().isEmpty());
            f.release();
        }
    }
}
