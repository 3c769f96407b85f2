package org.ethervpn.server;

import java.nio.charset.StandardCharsets;

import org.osgi.service.log.Logger;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The answer to a web request (GET, HEAD) on a VPN port: 403 with the connection kept open. The
 * real vpnclient opens every connection with {@code GET /} and accepts the server only if the
 * page carries SoftEther's server-detection tag (the 32 hex digits below, searched for anywhere in
 * the first KiB of the body); then it POSTs the watermark on the same connection.
 */
final class WebPage {
    /** The tag SoftEther clients look for in a 403 page to recognise a SoftEther-protocol server. */
    static final String DETECTION_TAG = "9C37197CA7C2428388C2E6E59B829B30";

    private static final byte[] BODY = ("<!DOCTYPE html>\r\n<html><head><title>403 Forbidden</title></head>\r\n"
            + "<body><h1>403 Forbidden</h1><p>This is a VPN server port; it serves no web pages.</p>\r\n"
            + "<!-- " + DETECTION_TAG + " -->\r\n</body></html>\r\n").getBytes(StandardCharsets.US_ASCII);

    private WebPage() {
    }

    /** Answers a web request (logged at debug level: every real vpnclient connection starts with one). */
    static void answer(ChannelHandlerContext ctx, Logger log, HttpRequest req) {
        log.debug("Connection from {}: web request {} {}", ctx.channel().remoteAddress(), req.method(),
                Texts.abbreviate(req.uri()));
        ctx.writeAndFlush(forbidden(req.method() == HttpMethod.HEAD));
    }

    static FullHttpResponse forbidden(boolean head) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(BODY));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=us-ascii")
                .set(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                .set(HttpHeaderNames.CONNECTION, "Keep-Alive");
        return r;
    }
}
