package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.protocol.Watermark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken peers. For each: the server closes that connection, logs why, an established
 * pair of sessions keeps exchanging frames, the configuration file is untouched, and Netty (at
 * PARANOID leak detection) reports no leaked buffer.
 */
class BadInputTest {
    static {
        LeakWatch.install();
    }

    static final int DEADLINE_MILLIS = 1000;

    @TempDir
    static Path dir;
    static TestServer server;
    /** Two established sessions that must keep working whatever the other tests send. */
    static TestPeer alice;
    static TestPeer bob;

    private byte[] configBefore;
    private int logBefore;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, DEADLINE_MILLIS).user("alice", "alicepass").user("bob", "bobpass");
        alice = TestPeer.session(server.port, "alice", "alicepass");
        bob = TestPeer.session(server.port, "bob", "bobpass");
    }

    @AfterAll
    static void stop() throws Exception {
        alice.close();
        bob.close();
        server.close();
    }

    @BeforeEach
    void snapshot() throws IOException {
        configBefore = Files.readAllBytes(server.configFile);
        logBefore = server.log.lines().size();
    }

    @AfterEach
    void noLeaks() throws InterruptedException {
        LeakWatch.assertNoLeaks();
    }

    // ---------------------------------------------------------------- the common checks

    /**
     * The server closed {@code victim}, logged a line since the test began that {@code reason}
     * accepts, the established sessions still exchange frames both ways, and the configuration file
     * is byte-for-byte what it was.
     */
    void assertRefused(TestPeer victim, Predicate<String> reason, String what) throws Exception {
        assertTrue(victim.awaitClosed(DEADLINE_MILLIS + 2000), "the server did not close the connection");
        assertLogged(reason, what);
        assertPairStillFlows();
        assertArrayEquals(configBefore, Files.readAllBytes(server.configFile), "the configuration file changed");
    }

    void assertRefused(TestPeer victim, String reasonFragment) throws Exception {
        assertRefused(victim, l -> l.contains(reasonFragment), reasonFragment);
    }

    void assertLogged(Predicate<String> reason, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (;;) {
            List<String> lines = server.log.lines();
            if (lines.subList(logBefore, lines.size()).stream().anyMatch(reason)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no log line \"" + what + "\" in "
                    + lines.subList(logBefore, lines.size()));
            Thread.sleep(10);
        }
    }

    static void assertPairStillFlows() throws IOException {
        deliver(alice, TestPeer.BROADCAST, bob);
        deliver(bob, alice.mac, alice);
    }

    static void deliver(TestPeer from, byte[] dst, TestPeer to) throws IOException {
        int tag = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        byte[] frame = from.frameTo(dst, tag);
        from.sendFrames(frame);
        assertArrayEquals(frame, to.readTagged(tag, 2000), "frame not delivered between the established sessions");
    }

    static String head(String requestLineAndHeaders) {
        return requestLineAndHeaders + "\r\n\r\n";
    }

    // ---------------------------------------------------------------- before and around TLS

    @Test
    void bytesThatAreNotTlsCloseTheConnection() throws Exception {
        TestPeer p = TestPeer.tcp(server.port);
        p.sendRaw(head("GET / HTTP/1.1\r\nHost: x").getBytes(StandardCharsets.US_ASCII));
        assertRefused(p, "not an SSL/TLS record");
    }

    @Test
    void rawBytesInsideAnEstablishedTlsConnectionCloseIt() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        p.sendRaw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertRefused(p, "not an SSL/TLS record");
    }

    @Test
    void aPeerThatSendsNothingIsClosedAfterTheDeadline() throws Exception {
        long start = System.nanoTime();
        TestPeer p = TestPeer.tcp(server.port);
        assertRefused(p, l -> l.contains("handshake") && (l.contains("not finished") || l.contains("timed out")),
                "handshake deadline");
        assertTrue(System.nanoTime() - start >= (DEADLINE_MILLIS - 100) * 1_000_000L, "closed before the deadline");
    }

    @Test
    void aPeerThatStallsInTheWatermarkRequestIsClosedAfterTheDeadline() throws Exception {
        long start = System.nanoTime();
        TestPeer p = TestPeer.tls(server.port);
        p.send("POST /vpnsvc/connect.cgi HTTP/1.1\r\nContent-Le");
        assertRefused(p, "the handshake was not finished within " + DEADLINE_MILLIS + " ms");
        assertTrue(System.nanoTime() - start >= (DEADLINE_MILLIS - 100) * 1_000_000L, "closed before the deadline");
    }

    @Test
    void aPeerThatStallsAfterTheHelloIsClosedAfterTheDeadline() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        assertRefused(p, "the handshake was not finished within " + DEADLINE_MILLIS + " ms");
    }

    // ---------------------------------------------------------------- the watermark request

    @Test
    void aMethodOtherThanPostGetOrHeadIsAnswered403AndClosed() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        p.send(head("DELETE /vpnsvc/connect.cgi HTTP/1.1\r\nHost: x"));
        assertEquals(403, p.readResponse().status());
        assertRefused(p, "method DELETE is not POST");
    }

    @Test
    void aGetIsAnswered403WithTheDetectionTagAndTheConnectionGoesOnLikeTheRealClientNeeds() throws Exception {
        try (TestPeer p = TestPeer.tls(server.port)) {
            p.send(head("GET / HTTP/1.1\r\nX-VPN: 1\r\nHost: x\r\nConnection: Keep-Alive"));
            TestPeer.Response r = p.readResponse();
            assertEquals(403, r.status());
            assertTrue(new String(r.body(), StandardCharsets.US_ASCII).contains(WebPage.DETECTION_TAG));
            p.hello();
            assertEquals(0, p.call(p.loginPack("DEFAULT", "alice", "alicepass")).getInt("error"));
        }
    }

    @Test
    void theTwentiethGetCloses() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        for (int i = 0; i < Watermark.MAX_REQUESTS_PER_CONNECTION; i++) {
            p.send(head("GET / HTTP/1.1\r\nHost: x"));
            assertEquals(403, p.readResponse().status());
        }
        p.send(head("GET / HTTP/1.1\r\nHost: x"));
        assertRefused(p, "more than 19 requests");
    }

    @Test
    void aWrongWatermarkIsAnswered403AndTheTwentiethRequestCloses() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        byte[] notTheWatermark = new byte[Watermark.LENGTH];
        for (int i = 0; i < Watermark.MAX_REQUESTS_PER_CONNECTION; i++) {
            p.post(Watermark.PATH, "image/jpeg", notTheWatermark.length, notTheWatermark);
            assertEquals(403, p.readResponse().status());
        }
        assertLogged(l -> l.contains("body does not start with the watermark"), "wrong watermark");
        p.post(Watermark.PATH, "image/jpeg", notTheWatermark.length, notTheWatermark);
        assertRefused(p, "more than 19 requests");
    }

    @Test
    void aWrongWatermarkLeavesTheConnectionOpenForARightOneLikeSoftEther() throws Exception {
        try (TestPeer p = TestPeer.tls(server.port)) {
            p.post(Watermark.PATH, "image/jpeg", 10, "VPNCONNECX".getBytes(StandardCharsets.US_ASCII));
            assertEquals(403, p.readResponse().status());
            p.hello();
            assertEquals(0, p.call(p.loginPack("DEFAULT", "alice", "alicepass")).getInt("error"));
        }
    }

    @Test
    void anOversizedWatermarkContentLengthIsRefusedBeforeAnyBody() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        p.send(head("POST /vpnsvc/connect.cgi HTTP/1.1\r\nContent-Length: 100000\r\nContent-Type: image/jpeg"));
        // no body sent: the 403 can only come from the head, so nothing was allocated for the body
        assertEquals(403, p.readResponse().status());
        assertRefused(p, "Content-Length 100000 is neither");
    }

    @Test
    void aChunkedWatermarkIsRefused() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        p.send(head("POST /vpnsvc/connect.cgi HTTP/1.1\r\nTransfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n");
        assertEquals(403, p.readResponse().status());
        assertRefused(p, "Content-Length -1 is neither");
    }

    @Test
    void aRequestLineLongerThan4096BytesCloses() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        p.send(head("POST /" + "a".repeat(5000) + " HTTP/1.1\r\nContent-Length: 10"));
        assertRefused(p, "malformed HTTP request");
    }

    @Test
    void headersLargerThan8KiBClose() throws Exception {
        TestPeer p = TestPeer.tls(server.port);
        StringBuilder h = new StringBuilder("POST /vpnsvc/connect.cgi HTTP/1.1\r\nContent-Length: 10");
        for (int i = 0; i < 200; i++) {
            h.append("\r\nX-Filler-").append(i).append(": ").append("x".repeat(60));
        }
        p.send(head(h.toString()));
        assertRefused(p, "malformed HTTP request");
    }

    // ---------------------------------------------------------------- the PACK request

    @Test
    void anOversizedPackContentLengthGetsError3AndCloseBeforeAnyBody() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        p.send(head("POST /vpnsvc/vpn.cgi HTTP/1.1\r\nContent-Length: 70000\r\nContent-Type: application/octet-stream"));
        assertEquals(3, p.readPack().getInt("error"));
        assertRefused(p, "Content-Length 70000 is not within 1..65536");
    }

    @Test
    void aPackRequestToTheWrongTargetGetsError3AndClose() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        byte[] pack = PackCodec.encode(new Pack().addStr("method", "enum_hub"));
        p.post("/vpnsvc/other.cgi", "application/octet-stream", pack.length, pack);
        assertEquals(3, p.readPack().getInt("error"));
        assertRefused(p, "is not /vpnsvc/vpn.cgi");
    }

    @Test
    void aTruncatedPackIsClosedByTheDeadline() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        byte[] pack = PackCodec.encode(new Pack().addStr("method", "enum_hub"));
        p.post("/vpnsvc/vpn.cgi", "application/octet-stream", pack.length + 50, pack);
        assertRefused(p, "the handshake was not finished within " + DEADLINE_MILLIS + " ms");
    }

    static Stream<Arguments> malformedPacks() {
        byte[] valid = PackCodec.encode(new Pack().addStr("method", "enum_hub"));
        return Stream.of(
                Arguments.of("huge element count", ints(0x7FFF_FFFF)),
                Arguments.of("element count over the limit", element(100_000, "a", 0, 1, 0)),
                Arguments.of("name length 0", ints(1, 0, 0, 1, 0)),
                Arguments.of("name length 0xFFFFFFFF", ints(1, -1, 0, 1, 0)),
                Arguments.of("value count 0", element(1, "a", 0, 0)),
                Arguments.of("huge value count", element(1, "a", 0, 0x1000_0000, 0)),
                Arguments.of("negative data size", element(1, "a", 1, 1, -16, 0)),
                Arguments.of("data size over the body", element(1, "a", 1, 1, 60_000, 0)),
                Arguments.of("unknown value type 7", element(1, "a", 7, 1, 0)),
                Arguments.of("duplicate names ignoring case", duplicateNames()),
                Arguments.of("bytes after the PACK", concat(valid, new byte[] {0, 0, 0, 0})),
                Arguments.of("a lone byte", new byte[] {1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPacks")
    void aMalformedPackGetsError3AndClose(String what, byte[] body) throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        p.postPack(body);
        assertEquals(3, p.readPack().getInt("error"), what);
        assertRefused(p, "malformed PACK");
    }

    static Stream<Arguments> wronglyTypedPacks() {
        return Stream.of(
                Arguments.of("hubname as INT", 4, "login without hubname",
                        new Pack().addStr("method", "login").addInt("hubname", 1).addStr("username", "alice")
                                .addInt("authtype", 2).addStr("plain_password", "alicepass")),
                Arguments.of("method as INT", 4, "unknown method", new Pack().addInt("method", 1)),
                Arguments.of("plain_password as DATA", 9, "user alice of hub DEFAULT",
                        new Pack().addStr("method", "login").addStr("hubname", "DEFAULT").addStr("username", "alice")
                                .addInt("authtype", 2).addData("plain_password", "alicepass".getBytes())),
                Arguments.of("authtype as STR", 9, "user alice of hub DEFAULT",
                        new Pack().addStr("method", "login").addStr("hubname", "DEFAULT").addStr("username", "alice")
                                .addStr("authtype", "2").addStr("plain_password", "alicepass")),
                Arguments.of("session_key as STR", 13, "unknown session key",
                        new Pack().addStr("method", "additional_connect").addStr("session_key", "x".repeat(20))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wronglyTypedPacks")
    void aPackWithWronglyTypedElementsIsRefused(String what, int error, String reason, Pack request) throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        assertEquals(error, p.call(request).getInt("error"), what);
        assertRefused(p, reason);
    }

    @Test
    void moreThan30NoopsClose() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        byte[] noop = PackCodec.encode(new Pack().addInt("noop", 1));
        for (int i = 0; i < 31; i++) {
            p.postPack(noop); // pipelined: the round trips would take longer than the deadline
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(1, p.readPack().getInt("noop"));
        }
        assertRefused(p, "more than 30 noop requests");
    }

    // ---------------------------------------------------------------- logins and joins

    @Test
    void anUnknownHubGetsError8() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        assertEquals(8, p.call(p.loginPack("NOPE", "alice", "alicepass")).getInt("error"));
        assertRefused(p, "no hub NOPE");
    }

    @Test
    void anUnknownUserGetsError9() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        assertEquals(9, p.call(p.loginPack("DEFAULT", "mallory", "x")).getInt("error"));
        assertRefused(p, "user mallory of hub DEFAULT: no such user");
    }

    @Test
    void aWrongPasswordGetsError9() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        assertEquals(9, p.call(p.loginPack("DEFAULT", "alice", "guess")).getInt("error"));
        assertRefused(p, "user alice of hub DEFAULT: Authentication failed");
    }

    @Test
    void anAdditionalConnectWithAnUnknownKeyGetsError13() throws Exception {
        TestPeer p = TestPeer.hello(server.port);
        assertEquals(13, p.call(TestPeer.joinPack(TestPeer.random(20))).getInt("error"));
        assertRefused(p, "additional_connect with an unknown session key");
    }

    @Test
    void anAdditionalConnectionBeyondTheGrantGetsError15() throws Exception {
        try (TestPeer c = TestPeer.session(server.port, "DEFAULT", "alice", "alicepass",
                l -> l.addInt("max_connection", 2)); TestPeer c2 = TestPeer.join(server.port, c.answer)) {
            TestPeer p = TestPeer.hello(server.port);
            assertEquals(15, p.call(TestPeer.joinPack(c.answer.getData("session_key"))).getInt("error"));
            assertRefused(p, "The session has too many TCP connections");
            deliver(c2, TestPeer.BROADCAST, bob);
        }
    }

    // ---------------------------------------------------------------- the tunnel stream

    static Stream<Arguments> tunnelViolations() {
        return Stream.of(
                Arguments.of("block of 3201 bytes", ints(1, 3201), "block of 3201 bytes exceeds 3200"),
                Arguments.of("block of 0xFFFFFFF0 bytes", ints(1, 0xFFFF_FFF0), "exceeds 3200"),
                Arguments.of("batch of 4097 frames", ints(4097), "batch of 4097 frames exceeds 4096"),
                Arguments.of("batch of 0xFFFFFFFE frames", ints(0xFFFF_FFFE), "frames exceeds 4096"),
                Arguments.of("keep-alive of 513 bytes", ints(-1, 513), "keep-alive of 513 bytes exceeds 512"));
    }

    /** A session of two connections; one breaks a tunnel limit and is closed, the other carries on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tunnelViolations")
    void aTunnelUnitOverTheLimitsClosesOnlyItsConnection(String what, byte[] unit, String reason) throws Exception {
        try (TestPeer c = TestPeer.session(server.port, "DEFAULT", "alice", "alicepass",
                l -> l.addInt("max_connection", 2)); TestPeer c2 = TestPeer.join(server.port, c.answer)) {
            c.send(unit);
            assertRefused(c, reason);
            deliver(c2, TestPeer.BROADCAST, bob);
            deliver(bob, c2.mac, c2);
            assertFalse(c2.awaitClosed(100), "the session's other connection was closed too");
        }
    }

    @Test
    void unitsAtTheLimitsAreAccepted() throws Exception {
        try (TestPeer c = TestPeer.session(server.port, "alice", "alicepass")) {
            c.sendKeepAlive(512);
            c.send(ByteBuffer.allocate(4 + 4096 * 4).putInt(4096).array()); // 4096 empty frames
            c.send(ByteBuffer.allocate(8 + 3200).putInt(1).putInt(3200).array()); // dropped: longer than a frame
            byte[] big = new byte[1600];
            System.arraycopy(c.frameTo(TestPeer.BROADCAST, 77), 0, big, 0, 18);
            c.sendFrames(big);
            assertArrayEquals(big, bob.readTagged(77, 2000), "a 1600-byte frame is delivered");
            deliver(c, TestPeer.BROADCAST, bob);
            assertNull(c.readTagged(77, 50));
            assertFalse(c.awaitClosed(100));
        }
    }

    // ---------------------------------------------------------------- helpers

    static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    /** A PACK header claiming {@code count} elements, then one element {@code name} with these u32s after its name. */
    static byte[] element(int count, String name, int... after) {
        ByteBuffer b = ByteBuffer.allocate(8 + name.length() + after.length * 4);
        b.putInt(count).putInt(name.length() + 1).put(name.getBytes(StandardCharsets.US_ASCII));
        for (int v : after) {
            b.putInt(v);
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** {"method": STR "login", "METHOD": STR "login"}: equal names ignoring case. */
    static byte[] duplicateNames() {
        byte[] one = PackCodec.encode(new Pack().addStr("method", "login"));
        byte[] two = PackCodec.encode(new Pack().addStr("METHOD", "login"));
        byte[] out = concat(one, Arrays.copyOfRange(two, 4, two.length));
        out[3] = 2;
        return out;
    }
}
