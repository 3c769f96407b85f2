package org.ethervpn.server;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.Locale;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The HTTP side of SoftEther's JSON-RPC on the VPN ports (admin spec §4.1, §4.2): which requests are
 * API calls, their credentials, and the answers (JSON, CORS pre-flight, 401, refusals). The calls
 * themselves are answered by the admin RPC plugin.
 */
final class JsonRpcHttp {
    /** A request body beyond this gets 413: JSON-RPC requests are small (SoftEther allows 8 MiB to hub admins). */
    static final int MAX_BODY = 1 << 20;

    record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[" + user + "]"; // never the password
        }
    }

    private JsonRpcHttp() {
    }

    /** {@code POST|OPTIONS /api} or {@code /api/}, any case; or {@code GET /api/<Method>?query}. */
    static boolean isApi(HttpRequest req) {
        String path = path(req).toLowerCase(Locale.ROOT);
        if (req.method() == HttpMethod.GET) {
            return path.startsWith("/api/") && path.length() > 5;
        }
        return (req.method() == HttpMethod.POST || req.method() == HttpMethod.OPTIONS)
                && (path.equals("/api") || path.equals("/api/"));
    }

    private static String path(HttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /**
     * {@code GET /api/<Method>?name_suffix=value&...} as a JSON-RPC request body (spec §4.1): every
     * query value becomes a JSON string, which the suffix rules then convert; the id is the time.
     *
     * @throws IllegalArgumentException if the path or query is not valid percent-encoding
     */
    static String getAsJsonRpc(HttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        String method = path.substring(path.toLowerCase(Locale.ROOT).indexOf("/api/") + 5);
        StringBuilder params = new StringBuilder("{");
        for (var e : q.parameters().entrySet()) {
            for (String v : e.getValue()) {
                if (params.length() > 1) {
                    params.append(',');
                }
                params.append(quote(e.getKey())).append(':').append(quote(v));
            }
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":" + quote(LocalDateTime.now().toString().replace('T', ' '))
                + ",\"method\":" + quote(method) + ",\"params\":" + params.append('}') + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** X-VPNADMIN-PASSWORD (+ X-VPNADMIN-HUBNAME), else HTTP Basic; null when neither is there. */
    static Credentials credentials(HttpHeaders h) {
        String pw = h.get("X-VPNADMIN-PASSWORD");
        if (pw != null) {
            String hub = h.get("X-VPNADMIN-HUBNAME");
            return new Credentials(hub == null ? "" : hub.trim(), pw);
        }
        String auth = h.get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String text = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                if (colon >= 0) {
                    return new Credentials(text.substring(0, colon), text.substring(colon + 1));
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    static FullHttpResponse json(String body, String origin, boolean plain) {
        FullHttpResponse r = response(HttpResponseStatus.OK, body, plain ? "text/plain; charset=UTF-8" : "application/json",
                origin);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return r;
    }

    static FullHttpResponse preflight(String origin) {
        FullHttpResponse r = response(HttpResponseStatus.OK, "", "text/plain", origin);
        r.headers().set(HttpHeaderNames.ALLOW, "OPTIONS, GET, POST");
        return r;
    }

    static FullHttpResponse unauthorized(String origin) {
        FullHttpResponse r = response(HttpResponseStatus.UNAUTHORIZED, "<html><body><h1>401 Unauthorized</h1>"
                + "<p>Send the administrator password in the X-VPNADMIN-PASSWORD header (and a hub name in"
                + " X-VPNADMIN-HUBNAME for a hub administrator), or as HTTP Basic authentication.</p></body></html>\n",
                "text/html; charset=utf-8", origin);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"EtherVPN Server JSON-RPC\"");
        return r;
    }

    static FullHttpResponse refused(HttpResponseStatus status, String why) {
        FullHttpResponse r = response(status, why + "\n", "text/plain; charset=utf-8", null);
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        return r;
    }

    private static FullHttpResponse response(HttpResponseStatus status, String body, String type, String origin) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, type);
        h.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        h.set(HttpHeaderNames.CONNECTION, "Keep-Alive");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS,GET,POST");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "X-VPNADMIN-HUBNAME,X-VPNADMIN-PASSWORD");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        if (origin != null) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        return r;
    }
}
