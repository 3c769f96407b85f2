package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

class HttpCarriageTest {
    private static final long DATE = 1_795_462_348_000L; // Mon, 23 Nov 2026 19:32:28 GMT
    private static final String OCTETS = "application/octet-stream";

    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        if (channel != null) {
            assertFalse(channel.finishAndReleaseAll(), "no unread messages");
        }
    }

    @Test
    void validRequest() {
        assertTrue(HttpCarriage.checkPackRequest("POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS, 1).ok());
        assertTrue(HttpCarriage.checkPackRequest("POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS, 65_536).ok());
        // the server compares these without case
        assertTrue(HttpCarriage.checkPackRequest("post", "/VPNSVC/vpn.cgi", "http/1.1",
                "Application/Octet-Stream", 100).ok());
    }

    @Test
    void requestViolations() {
        String[][] cases = {
            {"GET", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS, "100", "method"},
            {"POST", "/vpnsvc/connect.cgi", "HTTP/1.1", OCTETS, "100", "target"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.0", OCTETS, "100", "version"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", "image/jpeg", "100", "content type"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS + "; charset=x", "100", "content type"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", null, "100", "content type"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS, "0", "Content-Length"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS, "-1", "Content-Length"},
            {"POST", "/vpnsvc/vpn.cgi", "HTTP/1.1", OCTETS, "65537", "Content-Length"},
        };
        for (String[] c : cases) {
            CarriageCheck check = HttpCarriage.checkPackRequest(c[0], c[1], c[2], c[3], Long.parseLong(c[4]));
            assertFalse(check.ok(), String.join(" ", c[0], c[1], c[2], String.valueOf(c[3]), c[4]));
            assertTrue(check.reason().contains(c[5]), check.reason());
        }
    }

    @Test
    void responseChecks() {
        long cap = HttpCarriage.MAX_RESPONSE_BODY;
        assertTrue(HttpCarriage.checkPackResponse(200, "HTTP/1.1", OCTETS, 205, cap).ok());
        assertTrue(HttpCarriage.checkPackResponse(200, "HTTP/1.1", OCTETS, cap, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(200, "HTTP/1.1", OCTETS, cap + 1, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(200, "HTTP/1.1", OCTETS, 0, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(200, "HTTP/1.1", OCTETS, -1, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(403, "HTTP/1.1", OCTETS, 10, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(200, "HTTP/1.0", OCTETS, 10, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(200, "HTTP/1.1", "text/html", 10, cap).ok());
        assertFalse(HttpCarriage.checkPackResponse(200, "HTTP/1.1", OCTETS, 2000, 1000).ok());
    }

    @Test
    void chunkedResponseIsRejected() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTETS)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        assertFalse(HttpCarriage.checkPackResponse(response, 1000).ok());
    }

    @Test
    void packRequestOnTheWireAndThroughTheServerCodec() {
        byte[] pack = Hex.parse("00000001 00000002 61 00000002 00000001 00000001 62");
        channel = new EmbeddedChannel(new HttpClientCodec());
        channel.writeOutbound(HttpCarriage.packRequest("127.0.0.1", Unpooled.wrappedBuffer(pack), DATE));
        String wire = readAll(channel);
        assertEquals("POST /vpnsvc/vpn.cgi HTTP/1.1\r\n"
                + "Connection: Keep-Alive\r\n"
                + "Content-Length: 22\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Date: Mon, 23 Nov 2026 19:32:28 GMT\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Keep-Alive: timeout=15; max=19\r\n"
                + "\r\n", wire.substring(0, wire.length() - pack.length));

        EmbeddedChannel server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(65_536));
        try {
            server.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
            FullHttpRequest request = server.readInbound();
            try {
                assertEquals(CarriageCheck.OK, HttpCarriage.checkPackRequest(request));
                assertEquals(Unpooled.wrappedBuffer(pack), request.content());
            } finally {
                request.release();
            }
        } finally {
            assertFalse(server.finishAndReleaseAll());
        }
    }

    @Test
    void packResponseOnTheWireAndThroughTheClientCodec() {
        byte[] pack = Hex.parse("00000001 00000006 6572726f72 00000000 00000001 0000000d");
        channel = new EmbeddedChannel(new HttpServerCodec());
        // the server codec only encodes a response after it has decoded a request
        channel.writeInbound(Unpooled.copiedBuffer("POST /vpnsvc/vpn.cgi HTTP/1.1\r\ncontent-length: 0\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        channel.inboundMessages().forEach(ReferenceCountUtil::release);
        channel.inboundMessages().clear();
        channel.writeOutbound(HttpCarriage.packResponse(Unpooled.wrappedBuffer(pack), DATE));
        String wire = readAll(channel);
        assertTrue(wire.startsWith("HTTP/1.1 200 OK\r\n"
                + "Connection: Keep-Alive\r\n"
                + "Content-Length: 25\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Date: Mon, 23 Nov 2026 19:32:28 GMT\r\n"
                + "Keep-Alive: timeout=15; max=19\r\n"
                + "\r\n"), wire);

        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        try {
            // the client codec pairs a response with a request it has sent
            client.writeOutbound(HttpCarriage.packRequest("h", Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0}), DATE));
            client.outboundMessages().forEach(ReferenceCountUtil::release);
            client.outboundMessages().clear();
            client.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
            FullHttpResponse response = client.readInbound();
            try {
                assertEquals(CarriageCheck.OK, HttpCarriage.checkPackResponse(response, HttpCarriage.MAX_RESPONSE_BODY));
                assertEquals(Unpooled.wrappedBuffer(pack), response.content());
            } finally {
                response.release();
            }
        } finally {
            assertFalse(client.finishAndReleaseAll());
        }
    }

    @Test
    void watermarkRequestOnTheWire() {
        channel = new EmbeddedChannel(new HttpClientCodec());
        channel.writeOutbound(HttpCarriage.watermarkRequest("10.0.0.1", Unpooled.wrappedBuffer(Watermark.vpnConnect())));
        assertEquals("POST /vpnsvc/connect.cgi HTTP/1.1\r\n"
                + "Connection: Keep-Alive\r\n"
                + "Content-Length: 10\r\n"
                + "Content-Type: image/jpeg\r\n"
                + "Host: 10.0.0.1\r\n"
                + "\r\n"
                + "VPNCONNECT", readAll(channel));
    }

    @Test
    void requestOverNettyTypes() {
        FullHttpRequest request = HttpCarriage.packRequest("h", Unpooled.wrappedBuffer(new byte[10]), DATE);
        try {
            assertTrue(HttpCarriage.checkPackRequest(request).ok());
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, "x");
            assertFalse(HttpCarriage.checkPackRequest(request).ok());
            request.headers().remove(HttpHeaderNames.CONTENT_LENGTH)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            assertTrue(HttpCarriage.checkPackRequest(request).reason().contains("chunked"));
        } finally {
            request.release();
        }
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        List<Object> messages = List.copyOf(ch.outboundMessages());
        ch.outboundMessages().clear();
        for (Object m : messages) {
            ByteBuf b = (ByteBuf) m;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }
}
