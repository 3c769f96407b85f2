package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackException;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.Watermark;

/**
 * A SoftEther client on the wire, for tests: plain socket + {@link SSLEngine} (trusting any
 * certificate), hand-written HTTP, PACKs, then the tunnel stream. TLS records are unwrapped one at a
 * time and only when more bytes are needed, so after a {@code use_encrypt=0} welcome the raw bytes
 * that follow it are still there (spec §5.6). Anything can be sent raw, before or after TLS.
 * Reads never lose data on a timeout: a unit is consumed only when it is complete.
 */
final class TestPeer implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 3000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(1 << 16); // received, not yet unwrapped (write mode)
    private ByteBuffer appOut = ByteBuffer.allocate(1 << 16);
    private byte[] app = new byte[1 << 16];                  // plaintext (or raw tunnel) bytes not consumed
    private int appStart;
    private int appEnd;
    private boolean tls;
    private boolean compress;
    private boolean closeNotify;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    /** The hello's challenge, after {@link #hello()}. */
    byte[] random;
    /** The last PACK answer (welcome, join answer, error). */
    Pack answer;
    /** A unique locally administered MAC address for this peer's frames. */
    final byte[] mac = mac();
    int keepAlivesReceived;

    private TestPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A plain TCP connection, nothing sent. */
    static TestPeer tcp(int port) throws IOException {
        return tcp(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's (small: backs up fast) */
    static TestPeer tcp(int port, int receiveBuffer) throws IOException {
        return tcp(port, receiveBuffer, null);
    }

    /** @param from the local address to connect from (127.0.0.0/8 offers many), null for any */
    static TestPeer tcp(int port, int receiveBuffer, String from) throws IOException {
        Socket s = new Socket();
        if (from != null) {
            s.bind(new InetSocketAddress(from, 0));
        }
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before connect, so the window is negotiated with it
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return new TestPeer(s);
    }

    /** TCP + TLS. */
    static TestPeer tls(int port) throws IOException {
        return tcp(port).startTls();
    }

    /** TCP + TLS + watermark; the hello is read. */
    static TestPeer hello(int port) throws IOException {
        TestPeer p = tls(port);
        p.hello();
        return p;
    }

    /**
     * A logged-in session in tunnel mode (hashed password). {@code options} adds login fields.
     * Fails if the login is refused.
     */
    static TestPeer session(int port, String hub, String user, String password, Consumer<Pack> options)
            throws IOException {
        TestPeer p = hello(port);
        Pack login = p.loginPack(hub, user, password);
        options.accept(login);
        Pack w = p.call(login);
        assertEquals(0, w.getInt("error"), "login refused: " + w);
        p.tunnel(w.getInt("use_encrypt") != 0, w.getInt("use_compress") != 0);
        return p;
    }

    static TestPeer session(int port, String user, String password) throws IOException {
        return session(port, "DEFAULT", user, password, l -> { });
    }

    /** A session whose socket has a small receive buffer (see {@link #tcp(int, int)}). */
    static TestPeer session(int port, String user, String password, int receiveBuffer) throws IOException {
        TestPeer p = tcp(port, receiveBuffer).startTls();
        p.hello();
        Pack w = p.call(p.loginPack("DEFAULT", user, password));
        assertEquals(0, w.getInt("error"), "login refused: " + w);
        p.tunnel(w.getInt("use_encrypt") != 0, w.getInt("use_compress") != 0);
        return p;
    }

    /** An additional connection of the session that {@code welcome} describes, in tunnel mode. */
    static TestPeer join(int port, Pack welcome) throws IOException {
        TestPeer p = hello(port);
        Pack a = p.call(joinPack(welcome.getData("session_key")));
        assertEquals(0, a.getInt("error"), "additional_connect refused: " + a);
        p.tunnel(welcome.getInt("use_encrypt") != 0, welcome.getInt("use_compress") != 0);
        return p;
    }

    // ---------------------------------------------------------------- PACKs

    /** A login PACK with a hashed password (authtype 1) answering this connection's hello. */
    Pack loginPack(String hub, String user, String password) {
        byte[] secure = PasswordHash.securePassword(PasswordHash.hashedPassword(user, password), random);
        return new Pack().addStr("method", "login").addStr("hubname", hub).addStr("username", user)
                .addInt("authtype", 1).addData("secure_password", secure).addStr("client_str", "EtherVPN test peer")
                .addInt("client_ver", 501).addInt("client_build", 9674);
    }

    static Pack joinPack(byte[] key) {
        return new Pack().addStr("method", "additional_connect").addData("session_key", key);
    }

    // ---------------------------------------------------------------- TLS

    TestPeer startTls() throws IOException {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String type) { }
                @Override public void checkServerTrusted(X509Certificate[] chain, String type) { }
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            engine = c.createSSLEngine();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        engine.setUseClientMode(true);
        engine.beginHandshake();
        tls = true;
        ByteBuffer empty = ByteBuffer.allocate(0);
        for (;;) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable r;
                    while ((r = engine.getDelegatedTask()) != null) {
                        r.run();
                    }
                }
                case NEED_WRAP -> wrap(empty);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapOne()) {
                        readSocket();
                    }
                }
                default -> {
                    return this;
                }
            }
        }
    }

    /** The negotiated "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    String tlsDescription() {
        return engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite();
    }

    private void wrap(ByteBuffer src) throws IOException {
        do {
            ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult r = engine.wrap(src, net);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED && net.position() == 0) {
                throw new IOException("TLS is closed");
            }
            out.write(net.array(), 0, net.position());
        } while (src.hasRemaining());
        out.flush();
    }

    /** Unwraps at most one record from {@link #netIn}; false if no complete record is there. */
    private boolean unwrapOne() throws IOException {
        netIn.flip();
        try {
            appOut.clear();
            SSLEngineResult r = engine.unwrap(netIn, appOut);
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    return false;
                }
                case BUFFER_OVERFLOW -> {
                    appOut = ByteBuffer.allocate(appOut.capacity() * 2);
                    return true;
                }
                case CLOSED -> closeNotify = true;
                default -> { }
            }
            appendApp(appOut.array(), 0, appOut.position());
            return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getStatus() == SSLEngineResult.Status.CLOSED;
        } finally {
            netIn.compact();
        }
    }

    /** Reads what the socket has: into {@link #netIn} while TLS is in use, else straight to the app bytes. */
    private void readSocket() throws IOException {
        byte[] b = new byte[16384];
        int n = in.read(b);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        if (tls) {
            if (netIn.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2 + n);
                netIn.flip();
                bigger.put(netIn);
                netIn = bigger;
            }
            netIn.put(b, 0, n);
        } else {
            appendApp(b, 0, n);
        }
    }

    /** Fills the app bytes up to {@code n}; throws {@link SocketTimeoutException} or EOF, losing nothing. */
    private void need(int n) throws IOException {
        while (appEnd - appStart < n) {
            if (!tls || closeNotify || !unwrapOne()) {
                if (tls && closeNotify) {
                    throw new EOFException("the server sent close_notify");
                }
                readSocket();
            }
        }
    }

    private void appendApp(byte[] b, int off, int n) {
        if (appEnd + n > app.length) {
            int live = appEnd - appStart;
            byte[] next = live + n > app.length / 2 ? new byte[Math.max(app.length * 2, live + n)] : app;
            System.arraycopy(app, appStart, next, 0, live);
            app = next;
            appStart = 0;
            appEnd = live;
        }
        System.arraycopy(b, off, app, appEnd, n);
        appEnd += n;
    }

    private long u32(int offset) {
        return ByteBuffer.wrap(app, appStart + offset, 4).getInt() & 0xFFFF_FFFFL;
    }

    private byte[] take(int n) {
        byte[] b = Arrays.copyOfRange(app, appStart, appStart + n);
        appStart += n;
        return b;
    }

    // ---------------------------------------------------------------- sending

    /** Bytes straight onto TCP, whatever the TLS state. */
    TestPeer sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Bytes through TLS if it is in use, else raw. */
    TestPeer send(byte[] bytes) throws IOException {
        if (tls) {
            wrap(ByteBuffer.wrap(bytes));
        } else {
            sendRaw(bytes);
        }
        return this;
    }

    TestPeer send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code POST path} with the real client's headers and the given Content-Length (which may lie). */
    TestPeer post(String path, String contentType, long contentLength, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("POST " + path + " HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: " + contentLength
                + "\r\nContent-Type: " + contentType + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(body);
        return send(b.toByteArray());
    }

    TestPeer postPack(byte[] pack) throws IOException {
        return post("/vpnsvc/vpn.cgi", "application/octet-stream", pack.length, pack);
    }

    /** The watermark upload; reads the hello and keeps its random. */
    Pack hello() throws IOException {
        byte[] body = Watermark.clientBody(RANDOM);
        post(Watermark.PATH, Watermark.CONTENT_TYPE, body.length, body);
        Pack hello = readPack();
        random = hello.getData("random");
        assertEquals(20, random.length, "hello random");
        return hello;
    }

    /** Sends a PACK request, returns the answer. */
    Pack call(Pack request) throws IOException {
        postPack(PackCodec.encode(request));
        return readPack();
    }

    // ---------------------------------------------------------------- HTTP answers

    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    Response readResponse() throws IOException {
        int end;
        for (int scanned = 0;; ) {
            end = indexOfHeadEnd(scanned);
            if (end >= 0) {
                break;
            }
            scanned = Math.max(0, appEnd - appStart - 3);
            need(appEnd - appStart + 1);
        }
        String head = new String(take(end + 4), StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        need(length);
        return new Response(status, headers, take(length));
    }

    private int indexOfHeadEnd(int from) {
        for (int i = appStart + from; i + 3 < appEnd; i++) {
            if (app[i] == '\r' && app[i + 1] == '\n' && app[i + 2] == '\r' && app[i + 3] == '\n') {
                return i - appStart;
            }
        }
        return -1;
    }

    /** A 200 answer with a PACK body; the PACK is kept in {@link #answer}. */
    Pack readPack() throws IOException {
        Response r = readResponse();
        assertEquals(200, r.status(), "HTTP status");
        assertEquals("application/octet-stream", r.headers().get("content-type"));
        try {
            answer = PackCodec.decode(r.body());
        } catch (PackException e) {
            throw new IOException("the server sent a malformed PACK", e);
        }
        return answer;
    }

    // ---------------------------------------------------------------- tunnel mode

    /** Switches to the tunnel stream: raw TCP from here if {@code !encrypt}, zlib frames if {@code compress}. */
    TestPeer tunnel(boolean encrypt, boolean compress) {
        this.compress = compress;
        if (!encrypt) {
            tls = false; // the bytes after the last TLS record are already tunnel data
            netIn.flip();
            byte[] rest = new byte[netIn.remaining()];
            netIn.get(rest);
            netIn.clear();
            appendApp(rest, 0, rest.length);
        }
        return this;
    }

    /** One batch with these frames (compressed if the session is). */
    TestPeer sendFrames(byte[]... frameList) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + Arrays.stream(frameList).mapToInt(f -> f.length + 64).sum());
        b.putInt(frameList.length);
        for (byte[] f : frameList) {
            byte[] wire = compress ? deflate(f) : f;
            b.putInt(wire.length).put(wire);
        }
        return send(Arrays.copyOf(b.array(), b.position()));
    }

    TestPeer sendKeepAlive(int padding) throws IOException {
        return send(ByteBuffer.allocate(8 + padding).putInt(-1).putInt(padding).array());
    }

    /** The next frame from the server (keep-alives skipped), or null if none came within {@code millis}. */
    byte[] readFrame(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (frames.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) left);
            try {
                readUnit();
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
        return frames.poll();
    }

    /** The next frame carrying {@code tag} (see {@link #frame}), skipping others; null on timeout. */
    byte[] readTagged(int tag, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (;;) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            byte[] f = left <= 0 ? null : readFrame(left);
            if (f == null || tag(f) == tag) {
                return f;
            }
        }
    }

    /** Whether exactly {@code expected} arrives within {@code millis} (other frames are skipped). */
    boolean receives(byte[] expected, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (;;) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            byte[] f = left <= 0 ? null : readFrame(left);
            if (f == null || Arrays.equals(f, expected)) {
                return f != null;
            }
        }
    }

    private void readUnit() throws IOException {
        need(4);
        long head = u32(0);
        if (head == 0xFFFF_FFFFL) {
            need(8);
            int padding = (int) u32(4);
            need(8 + padding);
            take(8 + padding);
            keepAlivesReceived++;
            return;
        }
        int offset = 4;
        for (long i = 0; i < head; i++) {
            need(offset + 4);
            int length = (int) u32(offset);
            need(offset + 4 + length);
            offset += 4 + length;
        }
        take(4);
        for (long i = 0; i < head; i++) {
            int length = (int) u32(0);
            take(4);
            byte[] f = take(length);
            frames.add(compress ? inflate(f) : f);
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Waits for the server to close: true if EOF (or a reset) came within {@code millis}, reading
     * and dropping whatever arrives before it.
     */
    boolean awaitClosed(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            for (;;) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                if (tls && !closeNotify) {
                    while (unwrapOne() && !closeNotify) {
                        appStart = appEnd = 0;
                    }
                }
                readSocket();
                if (!tls) {
                    appStart = appEnd = 0;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            if (tls && !closeNotify) {
                while (unwrapOne() && !closeNotify) {
                    appStart = appEnd = 0; // drop: we only care about what ends the stream
                }
            }
            return true;
        }
    }

    /** Whether the server's TLS close_notify arrived (the engine's inbound side closed cleanly). */
    boolean closeNotifyReceived() {
        return closeNotify && engine.isInboundDone();
    }

    /** A bare TCP close: no close_notify (like SoftEther and a crashed client). */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---------------------------------------------------------------- frames

    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    /** A 60-byte Ethernet frame of an experimental EtherType whose payload starts with {@code tag}. */
    static byte[] frame(byte[] dst, byte[] src, int tag) {
        return ByteBuffer.allocate(60).put(dst).put(src).putShort((short) 0x88B5).putInt(tag).array();
    }

    /** A 60-byte IPv4 frame with this ToS and protocol; {@code tag} goes in the IP identification field. */
    static byte[] ipv4(byte[] dst, byte[] src, int tos, int protocol, int tag) {
        ByteBuffer b = ByteBuffer.allocate(60).put(dst).put(src).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) tos).putShort((short) 46).putShort((short) tag).putShort((short) 0)
                .put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        return b.array();
    }

    /** A frame from this peer. */
    byte[] frameTo(byte[] dst, int tag) {
        return frame(dst, mac, tag);
    }

    static int tag(byte[] frame) {
        return frame.length >= 18 && (frame[12] & 0xFF) == 0x88 && (frame[13] & 0xFF) == 0xB5
                ? ByteBuffer.wrap(frame, 14, 4).getInt() : -1;
    }

    private static byte[] mac() {
        byte[] m = new byte[6];
        RANDOM.nextBytes(m);
        m[0] = 0x02; // locally administered, unicast
        return m;
    }

    static byte[] deflate(byte[] b) {
        Deflater d = new Deflater(6);
        d.setInput(b);
        d.finish();
        byte[] out = new byte[b.length + 64];
        int n = d.deflate(out);
        d.end();
        return Arrays.copyOf(out, n);
    }

    static byte[] inflate(byte[] b) throws IOException {
        Inflater i = new Inflater();
        i.setInput(b);
        byte[] out = new byte[1600];
        try {
            int n = i.inflate(out);
            if (!i.finished()) {
                throw new IOException("frame is not one complete zlib stream");
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new IOException("frame does not inflate", e);
        } finally {
            i.end();
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
