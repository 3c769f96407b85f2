package org.ethervpn.protocol;

import java.util.Date;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * How PACKs travel over HTTP during the handshake: one PACK per message, strictly request/response,
 * no chunking. Checks for both directions and builders that emit the headers the real peers send,
 * in the order they send them (sorted by name).
 */
public final class HttpCarriage {
    /** Request target of every PACK request after the watermark. */
    public static final String PACK_PATH = "/vpnsvc/vpn.cgi";
    /** Content type of PACK messages (compared without case). */
    public static final String PACK_CONTENT_TYPE = "application/octet-stream";
    /** Value of the {@code Connection} header both sides send. */
    public static final String CONNECTION_VALUE = "Keep-Alive";
    /** Value of the {@code Keep-Alive} header both sides send with PACKs. */
    public static final String KEEP_ALIVE_VALUE = "timeout=15; max=19";
    /** Largest PACK request body a server accepts. */
    public static final int MAX_REQUEST_BODY = 65_536;
    /** Largest PACK response body the real client accepts. */
    public static final int MAX_RESPONSE_BODY = 512 * 1024 * 1024;
    /** The server's limit on one request or header line. */
    public static final int MAX_HEADER_LINE = 4096;
    /** The server's limit on the number of header lines. */
    public static final int MAX_HEADER_LINES = 128;
    /** A server answers at most this many {@code noop} PACKs on one connection. */
    public static final int MAX_NOOPS = 30;

    private static final String HTTP_1_1 = "HTTP/1.1";
    // header names spelled as the real peers spell them (matching is case-insensitive anyway)
    private static final String CONNECTION = "Connection";
    private static final String CONTENT_LENGTH = "Content-Length";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String DATE = "Date";
    private static final String HOST = "Host";
    private static final String KEEP_ALIVE = "Keep-Alive";

    private HttpCarriage() {
    }

    /**
     * The server's check of a client PACK request: {@code POST /vpnsvc/vpn.cgi HTTP/1.1} (each
     * compared without case), content type {@value #PACK_CONTENT_TYPE}, {@code 0 < Content-Length <= 65536}. A violation is
     * answered with an error PACK ({@code error=3}) and the connection is closed.
     *
     * @param contentLength the declared Content-Length, or -1 if absent or unparsable
     */
    public static CarriageCheck checkPackRequest(String method, String target, String protocolVersion,
            String contentType, long contentLength) {
        // the real server compares method, target and version without case
        if (!"POST".equalsIgnoreCase(method)) {
            return CarriageCheck.violation("method " + method + " is not POST");
        }
        if (!PACK_PATH.equalsIgnoreCase(target)) {
            return CarriageCheck.violation("target " + target + " is not " + PACK_PATH);
        }
        if (!HTTP_1_1.equalsIgnoreCase(protocolVersion)) {
            return CarriageCheck.violation("version " + protocolVersion + " is not " + HTTP_1_1);
        }
        if (contentType == null || !PACK_CONTENT_TYPE.equalsIgnoreCase(contentType.trim())) {
            return CarriageCheck.violation("content type " + contentType + " is not " + PACK_CONTENT_TYPE);
        }
        if (contentLength <= 0 || contentLength > MAX_REQUEST_BODY) {
            return CarriageCheck.violation("Content-Length " + contentLength + " is not within 1.." + MAX_REQUEST_BODY);
        }
        return CarriageCheck.OK;
    }

    /** {@link #checkPackRequest(String, String, String, String, long)} over a Netty request head. */
    public static CarriageCheck checkPackRequest(HttpRequest request) {
        if (HttpUtil.isTransferEncodingChunked(request)) {
            return CarriageCheck.violation("chunked transfer encoding is not used by this protocol");
        }
        return checkPackRequest(request.method().name(), request.uri(), request.protocolVersion().text(),
                request.headers().get(HttpHeaderNames.CONTENT_TYPE), contentLength(request));
    }

    /**
     * The client's check of a server PACK response: status line {@code HTTP/1.1 200}, content type
     * {@value #PACK_CONTENT_TYPE}, {@code 0 < Content-Length <= maxBody}.
     *
     * @param contentLength the declared Content-Length, or -1 if absent or unparsable
     * @param maxBody the client's cap, at most {@link #MAX_RESPONSE_BODY}
     */
    public static CarriageCheck checkPackResponse(int status, String protocolVersion, String contentType,
            long contentLength, long maxBody) {
        if (!HTTP_1_1.equals(protocolVersion) || status != 200) {
            return CarriageCheck.violation("status line " + protocolVersion + " " + status + " is not " + HTTP_1_1 + " 200");
        }
        if (contentType == null || !PACK_CONTENT_TYPE.equalsIgnoreCase(contentType.trim())) {
            return CarriageCheck.violation("content type " + contentType + " is not " + PACK_CONTENT_TYPE);
        }
        if (contentLength <= 0 || contentLength > maxBody) {
            return CarriageCheck.violation("Content-Length " + contentLength + " is not within 1.." + maxBody);
        }
        return CarriageCheck.OK;
    }

    /** {@link #checkPackResponse(int, String, String, long, long)} over a Netty response head. */
    public static CarriageCheck checkPackResponse(HttpResponse response, long maxBody) {
        if (HttpUtil.isTransferEncodingChunked(response)) {
            return CarriageCheck.violation("chunked transfer encoding is not used by this protocol");
        }
        return checkPackResponse(response.status().code(), response.protocolVersion().text(),
                response.headers().get(HttpHeaderNames.CONTENT_TYPE), contentLength(response), maxBody);
    }

    /**
     * The watermark upload as the real client sends it (headers Connection, Content-Length,
     * Content-Type: image/jpeg, Host). Takes ownership of {@code body}.
     *
     * @param host the server address as text, as the real client puts it
     */
    public static FullHttpRequest watermarkRequest(String host, ByteBuf body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, Watermark.PATH, body);
        request.headers()
                .add(CONNECTION, CONNECTION_VALUE)
                .add(CONTENT_LENGTH, body.readableBytes())
                .add(CONTENT_TYPE, Watermark.CONTENT_TYPE)
                .add(HOST, host);
        return request;
    }

    /**
     * A client PACK request with the real client's headers (Connection, Content-Length, Content-Type,
     * Date, Host, Keep-Alive). Takes ownership of {@code pack}.
     *
     * @param epochMillis the time for the {@code Date} header
     */
    public static FullHttpRequest packRequest(String host, ByteBuf pack, long epochMillis) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PACK_PATH, pack);
        HttpHeaders headers = request.headers();
        headers.add(CONNECTION, CONNECTION_VALUE)
                .add(CONTENT_LENGTH, pack.readableBytes())
                .add(CONTENT_TYPE, PACK_CONTENT_TYPE)
                .add(DATE, DateFormatter.format(new Date(epochMillis)))
                .add(HOST, host)
                .add(KEEP_ALIVE, KEEP_ALIVE_VALUE);
        return request;
    }

    /**
     * A server PACK response ({@code 200 OK}) with the real server's headers (Connection,
     * Content-Length, Content-Type, Date, Keep-Alive). Takes ownership of {@code pack}.
     */
    public static FullHttpResponse packResponse(ByteBuf pack, long epochMillis) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, pack);
        response.headers()
                .add(CONNECTION, CONNECTION_VALUE)
                .add(CONTENT_LENGTH, pack.readableBytes())
                .add(CONTENT_TYPE, PACK_CONTENT_TYPE)
                .add(DATE, DateFormatter.format(new Date(epochMillis)))
                .add(KEEP_ALIVE, KEEP_ALIVE_VALUE);
        return response;
    }

    private static long contentLength(HttpMessage message) {
        try {
            return HttpUtil.getContentLength(message, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
