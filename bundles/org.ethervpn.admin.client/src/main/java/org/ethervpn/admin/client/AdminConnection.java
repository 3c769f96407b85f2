package org.ethervpn.admin.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.ethervpn.admin.wire.ErrorWire;
import org.ethervpn.admin.wire.PackCopy;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.remote.RemoteLoginException.Reason;
import org.ethervpn.api.transport.ProxySettings;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackException;
import org.ethervpn.pack.PackLimits;
import org.ethervpn.protocol.CarriageCheck;
import org.ethervpn.protocol.HttpCarriage;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.protocol.Watermark;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * One logged-in admin connection to a SoftEther-compatible server (admin spec §1, §3): TLS over TCP,
 * the HTTP-framed watermark/hello/login, then {@code u32 length ‖ PACK} calls, one at a time.
 * Blocking JSSE sockets: admin traffic is a few small calls. The HTTP messages are built and parsed
 * by the protocol bundle's {@link HttpCarriage} with Netty's codecs on an {@link EmbeddedChannel}.
 * The server's certificate is not verified (it is self-signed, as vpncmd accepts it); its SHA-256
 * fingerprint is kept for the operator to compare.
 */
public final class AdminConnection implements Rpc, AutoCloseable {
    /** Largest answer accepted (GetConfig of a big server; SoftEther allows 512 MiB). */
    static final int MAX_ANSWER = 64 << 20;
    static final String CLIENT_STR = "EtherVPN Remote Admin Shell";
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int LOGIN_TIMEOUT_MS = 30_000;
    /** Calls such as a plugin install wait for a bundle to start; none should take minutes. */
    private static final int CALL_TIMEOUT_MS = 120_000;

    private final String server;
    private final String hub;
    private final SSLSocket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String fingerprint;
    private final String tls;
    private final boolean emptyPassword;

    private AdminConnection(String server, String hub, SSLSocket socket, String fingerprint, boolean emptyPassword)
            throws IOException {
        this.server = server;
        this.hub = hub;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.fingerprint = fingerprint;
        this.tls = socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        this.emptyPassword = emptyPassword;
    }

    /**
     * Connects and logs in as the server administrator ({@code hub} null) or the administrator of
     * {@code hub}, proving knowledge of {@code passwordSha0} = SHA-0(password) against the server's
     * challenge; the password itself never travels.
     *
     * @throws AdminLoginException with a message for people (wrong password, no server, ...)
     */
    public static AdminConnection open(String host, int port, String hub, byte[] passwordSha0) throws AdminLoginException {
        return open(host, port, hub, passwordSha0, null);
    }

    /**
     * As {@link #open(String, int, String, byte[])}, but the server certificate's SHA-256 fingerprint
     * must be {@code pinned} (unless null): checked right after the TLS handshake, before anything of
     * the login is sent, so a changed certificate stops the connection.
     */
    public static AdminConnection open(String host, int port, String hub, byte[] passwordSha0, String pinned)
            throws AdminLoginException {
        return open(host, port, hub, passwordSha0, pinned, null, null);
    }

    /** As {@link #open(String, int, String, byte[], String)}, through a proxy unless {@code proxyType} is null or DIRECT. */
    public static AdminConnection open(String host, int port, String hub, byte[] passwordSha0, String pinned,
            ProxyType proxyType, ProxySettings proxy) throws AdminLoginException {
        String server = host + ":" + port;
        SSLSocket s = null;
        try {
            Socket tcp;
            if (proxyType == null || proxyType == ProxyType.DIRECT) {
                tcp = new Socket();
                tcp.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            } else {
                tcp = ProxyTunnel.open(host, port, proxyType, proxy, CONNECT_TIMEOUT_MS);
            }
            TrustAll trust = new TrustAll();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, new SecureRandom());
            s = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, host, port, true);
            s.setSoTimeout(LOGIN_TIMEOUT_MS);
            s.startHandshake();
            String fp = fingerprint(trust.leaf);
            if (pinned != null && !pinned.equalsIgnoreCase(fp)) {
                throw new AdminLoginException(Reason.CERTIFICATE_CHANGED, "the certificate of " + server
                        + " is not the one accepted before: it has SHA-256 " + fp + ", expected " + pinned
                        + ". Someone may be intercepting the connection, or the server got a new certificate", fp, null);
            }
            InputStream raw = s.getInputStream();
            OutputStream rawOut = s.getOutputStream();
            EmbeddedChannel http = new EmbeddedChannel(new HttpRequestEncoder());
            EmbeddedChannel answers = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
            try {
                ByteBuf body = Watermark.clientBody(ByteBufAllocator.DEFAULT, ThreadLocalRandom.current());
                send(http, rawOut, HttpCarriage.watermarkRequest(host, body));
                Pack hello = receive(answers, raw, server);
                byte[] random = hello.getData("random");
                if (random.length != PasswordHash.RANDOM_LENGTH) {
                    throw new AdminLoginException(server + " is not a SoftEther VPN server (no 20-byte challenge in its hello)");
                }
                Pack login = new Pack().addStr("method", "admin")
                        .addData("secure_password", PasswordHash.securePassword(passwordSha0, random))
                        .addBool("accept_empty_password", true).addStr("client_str", CLIENT_STR)
                        .addInt("client_ver", 501).addInt("client_build", 9674);
                if (hub != null && !hub.isEmpty()) {
                    login.addStr("hubname", hub);
                }
                send(http, rawOut, HttpCarriage.packRequest(host,
                        Unpooled.wrappedBuffer(PackCodec.encode(login)), System.currentTimeMillis()));
                Pack answer = receive(answers, raw, server);
                int error = ErrorWire.code(answer);
                if (error != 0) {
                    throw new AdminLoginException(Reason.REFUSED, refusal(server, hub, error), fp, null);
                }
                s.setSoTimeout(CALL_TIMEOUT_MS);
                return new AdminConnection(server, hub, s, fp, answer.getBool("empty_password"));
            } finally {
                http.finishAndReleaseAll();
                answers.finishAndReleaseAll();
            }
        } catch (AdminLoginException e) {
            closeQuietly(s);
            throw e;
        } catch (IOException | GeneralSecurityException e) {
            closeQuietly(s);
            throw new AdminLoginException("cannot connect to " + server + ": " + e.getMessage(), e);
        }
    }

    /** What a refused login means, in words (admin spec §1.4). */
    static String refusal(String server, String hub, int error) {
        String who = hub == null || hub.isEmpty() ? "the server administrator" : "the administrator of hub " + hub;
        String why = switch (error) {
            case 12, 9 -> "wrong password for " + who;
            case 8 -> "hub " + hub + " does not exist";
            case 51 -> "hub " + hub + " has an empty administrator password: it can only be administered from the server's machine";
            case 52 -> "a hub administrator cannot log in to this server (a cluster member)";
            case 109 -> "the server does not accept administration from this address";
            default -> ProtocolError.describe(error);
        };
        return "login to " + server + " refused: " + why + " (error " + error + ")";
    }

    private static void send(EmbeddedChannel http, OutputStream out, FullHttpRequest request) throws IOException {
        http.writeOutbound(request);
        ByteBuf b;
        while ((b = http.readOutbound()) != null) {
            try {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.write(bytes);
            } finally {
                b.release();
            }
        }
        out.flush();
    }

    /** Reads until one whole HTTP answer is there; the server sends nothing more until asked. */
    private static Pack receive(EmbeddedChannel answers, InputStream in, String server) throws IOException, AdminLoginException {
        byte[] buf = new byte[8192];
        while (true) {
            Object msg = answers.readInbound();
            if (msg instanceof FullHttpResponse r) {
                try {
                    CarriageCheck check = HttpCarriage.checkPackResponse(r, 1 << 20);
                    if (!check.ok()) {
                        throw new AdminLoginException(server + " is not a SoftEther VPN server: " + check.reason());
                    }
                    return PackCodec.decode(r.content().nioBuffer(), PackLimits.DEFAULT.withMaxPackSize(1 << 20));
                } catch (PackException e) {
                    throw new AdminLoginException("malformed answer from " + server + ": " + e.getMessage());
                } finally {
                    r.release();
                }
            }
            if (msg != null) {
                ReferenceCountUtil.release(msg);
                continue;
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new AdminLoginException(server + " closed the connection during the login");
            }
            answers.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
        }
    }

    /**
     * One call: {@code function_name} plus the request's fields; the answer's fields, or
     * {@link RpcFailure} with the server's {@code error}. A broken connection is error 3.
     */
    @Override
    public synchronized Pack call(String function, Pack request) {
        Pack p = new Pack().addStr("function_name", function);
        PackCopy.copyInto(request, p);
        byte[] bytes = PackCodec.encode(p);
        Pack answer;
        try {
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            int length = in.readInt();
            if (length <= 0 || length > MAX_ANSWER) {
                throw new IOException("answer of " + Integer.toUnsignedString(length) + " bytes");
            }
            byte[] body = new byte[length];
            in.readFully(body);
            answer = PackCodec.decode(body, PackLimits.DEFAULT.withMaxPackSize(MAX_ANSWER));
        } catch (IOException | PackException e) {
            closeQuietly(socket);
            throw new RpcFailure(AdminError.DISCONNECTED.code(), "the connection to " + server + " was lost during " + function + " (" + e.getMessage() + "); the next command logs in again", e);
        }
        int error = ErrorWire.code(answer);
        if (error != 0) {
            throw new RpcFailure(error, ErrorWire.text(answer));
        }
        return answer;
    }

    public String server() {
        return server;
    }

    /** The hub this login administers, or null for the server administrator. */
    public String hub() {
        return hub == null || hub.isEmpty() ? null : hub;
    }

    /** SHA-256 of the server certificate (DER), as colon-separated hex. */
    public String fingerprint() {
        return fingerprint;
    }

    public String tls() {
        return tls;
    }

    /** The server said the password is empty (anyone on the server's machine could log in). */
    public boolean emptyPassword() {
        return emptyPassword;
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    static String fingerprint(X509Certificate cert) {
        if (cert == null) {
            return "";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "";
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Accepts any certificate (SoftEther servers are self-signed) and keeps the leaf for its fingerprint. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        volatile X509Certificate leaf;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            leaf = chain.length > 0 ? chain[0] : null;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
