package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.ethervpn.protocol.WatermarkVerdict.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

class WatermarkTest {
    private static final String PATH = "/vpnsvc/connect.cgi";

    @Test
    void watermarkIsTheProtocolImage() throws Exception {
        byte[] w = Watermark.bytes();
        assertEquals(1411, w.length);
        assertEquals("bb85983434a1eed645d8657dccf8d26a9bb4eaa7",
                Hex.of(MessageDigest.getInstance("SHA-1").digest(w)));
        assertEquals("474946383961c8003300f200", Hex.of(Arrays.copyOf(w, 12)));
        assertEquals("00003b", Hex.of(Arrays.copyOfRange(w, w.length - 3, w.length)));
        // callers get copies
        w[0] = 0;
        assertEquals('G', Watermark.bytes()[0]);
    }

    @Test
    void clientBodiesStartWithTheWatermarkAndAreAccepted() {
        SplittableRandom random = new SplittableRandom(1);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] body = Watermark.clientBody(random);
            min = Math.min(min, body.length);
            max = Math.max(max, body.length);
            assertArrayEquals(Watermark.bytes(), Arrays.copyOf(body, 1411));
            assertTrue(check("POST", PATH, body).accepted());
        }
        assertTrue(min >= 1411 && max <= 3410, min + ".." + max);
        assertTrue(max - min > 1500, "padding spreads over 0..1999");
    }

    @Test
    void clientBodyIntoPooledBuffer() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            ByteBuf body = Watermark.clientBody(PooledByteBufAllocator.DEFAULT, random);
            try {
                assertTrue(body.readableBytes() >= 1411 && body.readableBytes() <= 3410);
                assertTrue(Watermark.check("POST", PATH, body.readableBytes(), body).accepted());
                assertEquals(0, body.readerIndex(), "check does not consume");
            } finally {
                body.release();
            }
        }
    }

    @Test
    void vpnConnectIsAccepted() {
        assertEquals("VPNCONNECT", new String(Watermark.vpnConnect(), StandardCharsets.US_ASCII));
        assertEquals(WatermarkVerdict.ACCEPT, check("POST", PATH, Watermark.vpnConnect()));
    }

    @Test
    void targetIsCaseInsensitive() {
        assertTrue(check("POST", "/VPNSVC/Connect.CGI", Watermark.vpnConnect()).accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "HEAD", ""})
    void otherMethodsAreForbiddenAndClosed(String method) {
        WatermarkVerdict v = check(method, PATH, Watermark.vpnConnect());
        assertEquals(Kind.FORBIDDEN, v.kind());
        assertEquals(403, v.status());
        assertTrue(v.closeConnection());
        assertTrue(v.reason().contains("POST"), v.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 9, 11, 1410, 3412, 100_000})
    void lengthsOutsideTheBoundsAreForbiddenAndClosed(int length) {
        WatermarkVerdict v = Watermark.checkHead("POST", length);
        assertEquals(Kind.FORBIDDEN, v.kind());
        assertTrue(v.closeConnection());
        assertTrue(v.reason().contains("Content-Length"), v.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1411, 2000, 3411})
    void lengthsWithinTheBoundsPassTheHead(int length) {
        assertTrue(Watermark.checkHead("POST", length).accepted());
        assertTrue(Watermark.checkHead("post", length).accepted());
    }

    @Test
    void longestBodyIsAccepted() {
        byte[] body = Arrays.copyOf(Watermark.bytes(), 3411);
        assertTrue(check("POST", PATH, body).accepted());
    }

    @Test
    void wrongTargetIsNotFoundAndKeepsTheConnection() {
        WatermarkVerdict v = check("POST", "/vpnsvc/vpn.cgi", Watermark.vpnConnect());
        assertEquals(Kind.NOT_FOUND, v.kind());
        assertEquals(404, v.status());
        assertFalse(v.closeConnection());
    }

    @Test
    void headChecksComeBeforeTheTarget() {
        // the server rejects a bad length before it looks at the target
        WatermarkVerdict v = check("POST", "/index.html", new byte[5]);
        assertEquals(Kind.FORBIDDEN, v.kind());
        assertTrue(v.closeConnection());
    }

    @Test
    void wrongBodiesAreForbiddenAndKeepTheConnection() {
        byte[] tampered = Watermark.clientBody(new SplittableRandom(3));
        tampered[1410] ^= 1;
        for (byte[] body : new byte[][] {
                "vpnconnect".getBytes(StandardCharsets.US_ASCII),
                "VPNCONNECX".getBytes(StandardCharsets.US_ASCII),
                tampered,
                new byte[1411]}) {
            WatermarkVerdict v = check("POST", PATH, body);
            assertEquals(Kind.FORBIDDEN, v.kind(), v.reason());
            assertFalse(v.closeConnection());
        }
    }

    @Test
    void bodyMustMatchContentLength() {
        ByteBuf body = Unpooled.wrappedBuffer(Watermark.vpnConnect());
        WatermarkVerdict v = Watermark.check("POST", PATH, 1411, body);
        assertEquals(Kind.FORBIDDEN, v.kind());
        assertTrue(v.closeConnection());
    }

    @Test
    void nettyRequestOverloads() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH);
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 10);
        assertTrue(Watermark.checkHead(request).accepted());
        assertTrue(Watermark.check(request, Unpooled.wrappedBuffer(Watermark.vpnConnect())).accepted());

        request.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        assertTrue(Watermark.checkHead(request).closeConnection());
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, "ten");
        assertTrue(Watermark.checkHead(request).closeConnection());
    }

    private static WatermarkVerdict check(String method, String target, byte[] body) {
        return Watermark.check(method, target, body.length, Unpooled.wrappedBuffer(body));
    }
}
