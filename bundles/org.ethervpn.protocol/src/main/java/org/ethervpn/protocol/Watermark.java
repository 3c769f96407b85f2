package org.ethervpn.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.random.RandomGenerator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The first HTTP request of every SoftEther connection: {@code POST /vpnsvc/connect.cgi} whose body is
 * the 1411-byte watermark (a GIF89a image that is part of the protocol) followed by 0..1999 random
 * bytes, or the 10 ASCII bytes {@code VPNCONNECT}. This class holds the watermark, builds client
 * bodies and implements the server's acceptance rule.
 */
public final class Watermark {
    /** Length of the watermark image. */
    public static final int LENGTH = 1411;
    /** The real client appends {@code rand() % 2000} random bytes, i.e. at most this many. */
    public static final int MAX_PADDING = 1999;
    /** Smallest accepted Content-Length other than {@link #VPNCONNECT_LENGTH}. */
    public static final int MIN_BODY = LENGTH;
    /** Largest accepted Content-Length. */
    public static final int MAX_BODY = LENGTH + 2000;
    /** Length of the short form {@code VPNCONNECT}. */
    public static final int VPNCONNECT_LENGTH = 10;
    /** Request target of the watermark upload. */
    public static final String PATH = "/vpnsvc/connect.cgi";
    /** Content type the real client declares (the server does not check it). */
    public static final String CONTENT_TYPE = "image/jpeg";
    /** A server disconnects after this many requests on one connection without a valid watermark. */
    public static final int MAX_REQUESTS_PER_CONNECTION = 19;

    // Protocol data, identical to the probe's WATERMARK_B64; SHA-1 bb85983434a1eed645d8657dccf8d26a9bb4eaa7.
    private static final byte[] WATERMARK = Base64.getDecoder().decode(
            "R0lGODlhyAAzAPIAADY3NHloVICAgK9/W7OondXV1P///wAAACwAAAAAyAAzAAAD/gga3DQKBEFrZTFPEYD5YCiO" +
            "ZGmeaKqubOuaS+MMDCVvVqfp0uv/wKBwyIrcLJzGBccxZiQEonRKrU4FsQ1hyyXUuEkb5hmxms/o9AcrEXQJhXj8" +
            "DW6Qn+oCgRI17ylqgSwECm5ccoh6em9NdxklcRZxLwWSBpWAIkgWfZgCmnyCBhYjfwIFa0hwIxV9H5ioIX+HibWL" +
            "fHs8jiOem64rrSCmrJsUscMhFbGBniKersWZIJavxqBwtrZbAxwWjmUhvZvLKp7LweHRp6lu6daCzcnK1dGuvct/" +
            "rLTZczQ3dt88yJoHQk44TKsK+hIX6lIFEgzbNdPzztkschO3QCLo/rBhx0/sQH6U9lATNoOoann5d+MbKGkbVQkb" +
            "Z4oaqVLFUHFCgjHatFYVnXG8GfInST7vPE7bku1SvwH+AkSVsWugMnIKJXIc5RGZPF8zYXJ1k5IoQqN9cpogaIoc" +
            "OnM/4YSCVerkpbuJ3kxgMHUMnpfUjMYyO7Rk1nFGRX48Z7gwILgpgj1z55Meqj+R1olgmshpNqgbpP4jA1Htx8SH" +
            "GbejzBMtZdWxIkreuvahV3oLs5Y9la8uSrwquSVhCRAcJFN9vKIz4BVyWMWvrYqEXBPx7RPmaFc/hbX3WMOyOqdU" +
            "uYeGmL2jjdfORNTxdNpEhQYlfFTsV+gmGP4quv65/ubNiABXC1T+IDEaDwEUlNBhaZUUDzuuXDcWVs+9FKFhEg6m" +
            "FHaIvUShPPYEdpB45IEmgHAPEKfEYZUtxlxFzokoGzQcxejRZK+s4hwK4uznYkzktAVRgJME549wAWyhYg3+dfjB" +
            "dj1VVF0n0eAjE2Q7bmfNjiggUVpQ8kWJ3yu1eCYHFwSK5kZfLB2E3CS8YNYdeB8lpOV/dV5mGJdz8AGnhCeIWKEJ" +
            "3sUFCT+IoHkkVA+AxmYHokQq6aQjIjrHNg0M0CiBoLVE6aegonFSNnDoJVWanEblj0ChtupqEKOeSZ6Sp6bKqaev" +
            "5qrrCqVOmVcdtW6K6hi7FmusPnEg/kgWNl0kwamwaepw7LTGJtlFDRyMCiyB0HYqLbXgvpqkIbkMR26ftdrqKLEl" +
            "iFTSmI3Vpwkx9iUzSkifgDSmCnRWoa8PbRAnQRtMeaEuX52qZ+8a0zC88L3u3uswV/M2TMK/Elu8b5cWm7GxClnI" +
            "MJzI22ia6gIJK3BxxxWzknG+Gmc88Vf4wmwUxO6yJzO8OsMsL8TsjCXxu/1+ELISxJFbMlRGFLfyzA/PG3HEQIPy" +
            "MMb6kpI1w1NDh1/XqXDdsM5iV232mE2LPDLS5KaKsF9Pyxx1zGVXvS/ZQzvs9cT5au1yyza/LLhifp8t+Ahph7H2" +
            "P2uqC5rCfLf79+Bj/scnNd0Y02021HJTHvnUHdsc+OgkLLBEDiyZ3m2akO8cesueux416XnLnTnp8I6te9iGUw3I" +
            "v6BzboASOZwncgc6tO12617DRPhN8e4N2M169/3Q7xrj/RL1YAe9s8+i4525AaafbnwNGOhgLbTsTh53uIF8nAbx" +
            "F9hgbmgDL6BoVCpL/j78apAfGspXv9CYKwn5A4AhbtU6ADowDQS0Hw6O4BcjSPARZyDc9971P/l5KVICfGAacDe7" +
            "tcDufSGUQgpF6LHYuW5r4BOaDFmWtZzZUGy+O0rnWCgKEiYGeGHrWeR++Lnd4ayIZasXDwMYMw3GzocUq5gN2TPF" +
            "wNmtVXA7XOIIoSe7vAVvc7bTnBRhJzrAaRGEl3OiF4O4O6oN8YtQHOIVz9jDNJYQhoOrIRm9N0MOzk6H46NjuFYo" +
            "yEKCsGiGTKQiF8nIRjrykZCMpCR1lQAAOw==");
    private static final byte[] VPNCONNECT = "VPNCONNECT".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf WATERMARK_BUF =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(WATERMARK).asReadOnly());
    private static final ByteBuf VPNCONNECT_BUF =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(VPNCONNECT).asReadOnly());

    private Watermark() {
    }

    /** A copy of the 1411 watermark bytes. */
    public static byte[] bytes() {
        return WATERMARK.clone();
    }

    /** A copy of the 10-byte short form {@code VPNCONNECT}. */
    public static byte[] vpnConnect() {
        return VPNCONNECT.clone();
    }

    /** A client body as the real client sends it: the watermark and {@code 0..1999} random bytes. */
    public static byte[] clientBody(RandomGenerator random) {
        int padding = random.nextInt(MAX_PADDING + 1);
        byte[] body = Arrays.copyOf(WATERMARK, LENGTH + padding);
        for (int i = LENGTH; i < body.length; i++) {
            body[i] = (byte) random.nextInt();
        }
        return body;
    }

    /** As {@link #clientBody(RandomGenerator)}, into a buffer from {@code alloc}; the caller owns it. */
    public static ByteBuf clientBody(ByteBufAllocator alloc, RandomGenerator random) {
        int padding = random.nextInt(MAX_PADDING + 1);
        ByteBuf body = alloc.buffer(LENGTH + padding);
        body.writeBytes(WATERMARK);
        int i = 0;
        for (; i + Long.BYTES <= padding; i += Long.BYTES) {
            body.writeLong(random.nextLong());
        }
        for (; i < padding; i++) {
            body.writeByte(random.nextInt());
        }
        return body;
    }

    /**
     * What the server decides once the request line and headers are in, before reading the body:
     * the method must be {@code POST} and the length 10 or 1411..3411, else 403 and close.
     * An {@linkplain WatermarkVerdict#accepted() accepted} verdict here means "read the body and call
     * {@link #check(String, String, long, ByteBuf)}".
     *
     * @param contentLength the declared Content-Length, or -1 if absent or unparsable
     */
    public static WatermarkVerdict checkHead(String method, long contentLength) {
        // the method is compared without case: accepting "post" as well costs nothing
        if (method == null || !method.equalsIgnoreCase("POST")) {
            return WatermarkVerdict.forbiddenClose("method " + method + " is not POST");
        }
        if (contentLength != VPNCONNECT_LENGTH && (contentLength < MIN_BODY || contentLength > MAX_BODY)) {
            return WatermarkVerdict.forbiddenClose("Content-Length " + contentLength + " is neither "
                    + VPNCONNECT_LENGTH + " nor within " + MIN_BODY + ".." + MAX_BODY);
        }
        return WatermarkVerdict.ACCEPT;
    }

    /** {@link #checkHead(String, long)} over a Netty request head. */
    public static WatermarkVerdict checkHead(HttpRequest request) {
        return checkHead(request.method().name(), contentLength(request));
    }

    /**
     * The server's whole acceptance rule for one request. Does not change {@code body}'s indexes.
     *
     * @param contentLength the declared Content-Length, or -1 if absent or unparsable
     * @param body the request body (its readable bytes)
     */
    public static WatermarkVerdict check(String method, String target, long contentLength, ByteBuf body) {
        WatermarkVerdict head = checkHead(method, contentLength);
        if (!head.accepted()) {
            return head;
        }
        int n = body.readableBytes();
        if (n != contentLength) {
            return WatermarkVerdict.forbiddenClose("body has " + n + " bytes, Content-Length says " + contentLength);
        }
        if (target == null || !target.equalsIgnoreCase(PATH)) {
            return WatermarkVerdict.notFound("target " + target + " is not " + PATH);
        }
        if (n == VPNCONNECT_LENGTH) {
            return ByteBufUtil.equals(body, body.readerIndex(), VPNCONNECT_BUF, 0, VPNCONNECT_LENGTH)
                    ? WatermarkVerdict.ACCEPT
                    : WatermarkVerdict.forbidden("10-byte body is not VPNCONNECT");
        }
        return ByteBufUtil.equals(body, body.readerIndex(), WATERMARK_BUF, 0, LENGTH)
                ? WatermarkVerdict.ACCEPT
                : WatermarkVerdict.forbidden("body does not start with the watermark");
    }

    /** {@link #check(String, String, long, ByteBuf)} over a Netty request head and its body. */
    public static WatermarkVerdict check(HttpRequest request, ByteBuf body) {
        return check(request.method().name(), request.uri(), contentLength(request), body);
    }

    private static long contentLength(HttpRequest request) {
        try {
            return HttpUtil.getContentLength(request, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
