package org.ethervpn.admin.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.transport.ProxySettings;

/**
 * A TCP connection to {@code host:port} through an HTTP (CONNECT, Basic auth), SOCKS4(a) or SOCKS5
 * (no auth or user/password) proxy, on a blocking socket as the admin connection uses. The VPN
 * client's transport plugins do the same on Netty channels; the admin client speaks a few small
 * calls, so blocking I/O is enough here. Proxy credentials are never part of a message.
 */
final class ProxyTunnel {
    private ProxyTunnel() {
    }

    static Socket open(String host, int port, ProxyType type, ProxySettings proxy, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(proxy.proxy().host(), proxy.proxy().port()), timeoutMs);
            s.setSoTimeout(timeoutMs);
            switch (type) {
                case HTTP -> http(s, host, port, proxy);
                case SOCKS4 -> socks4(s, host, port, proxy);
                case SOCKS5 -> socks5(s, host, port, proxy);
                default -> throw new IOException("not a proxy type: " + type);
            }
            s.setSoTimeout(0);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void http(Socket s, String host, int port, ProxySettings p) throws IOException {
        String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder req = new StringBuilder("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n");
        if (!p.username().isEmpty()) {
            req.append("Proxy-Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                    (p.username() + ":" + p.password()).getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        req.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        String status = line(in);
        while (!line(in).isEmpty()) { // the headers end with an empty line; nothing follows until we speak
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].equals("200")) {
            throw new IOException("the HTTP proxy " + p.proxy() + " refused CONNECT " + target + ": " + status
                    + (parts.length > 1 && parts[1].equals("407") ? " (a user name and password are needed, or wrong)" : ""));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the proxy closed the connection");
            }
            if (b.size() > 8192) {
                throw new IOException("the proxy's answer has a line longer than 8 KiB");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void socks4(Socket s, String host, int port, ProxySettings p) throws IOException {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(new byte[] {4, 1, (byte) (port >> 8), (byte) port, 0, 0, 0, 1}); // SOCKS4a: the proxy resolves host
        r.write(p.username().getBytes(StandardCharsets.UTF_8));
        r.write(0);
        r.write(host.getBytes(StandardCharsets.UTF_8));
        r.write(0);
        s.getOutputStream().write(r.toByteArray());
        s.getOutputStream().flush();
        byte[] a = new byte[8];
        new DataInputStream(s.getInputStream()).readFully(a);
        if (a[1] != 0x5a) {
            throw new IOException("the SOCKS4 proxy " + p.proxy() + " refused " + host + ":" + port + " (code " + (a[1] & 0xff) + ")");
        }
    }

    private static void socks5(Socket s, String host, int port, ProxySettings p) throws IOException {
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        boolean auth = !p.username().isEmpty();
        out.write(auth ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
        out.flush();
        int ver = in.readUnsignedByte();
        int method = in.readUnsignedByte();
        if (ver != 5 || method == 0xff || (method == 2 && !auth) || (method != 0 && method != 2)) {
            throw new IOException("the SOCKS5 proxy " + p.proxy() + " accepts none of our login methods"
                    + (auth ? "" : " (it may need a user name and password)"));
        }
        if (method == 2) {
            byte[] u = p.username().getBytes(StandardCharsets.UTF_8);
            byte[] w = p.password().getBytes(StandardCharsets.UTF_8);
            if (u.length > 255 || w.length > 255) {
                throw new IOException("SOCKS5 user names and passwords are at most 255 bytes");
            }
            ByteArrayOutputStream r = new ByteArrayOutputStream();
            r.write(1);
            r.write(u.length);
            r.write(u);
            r.write(w.length);
            r.write(w);
            out.write(r.toByteArray());
            out.flush();
            in.readUnsignedByte();
            if (in.readUnsignedByte() != 0) {
                throw new IOException("the SOCKS5 proxy " + p.proxy() + " refused the user name or password");
            }
        }
        byte[] h = host.getBytes(StandardCharsets.UTF_8);
        if (h.length > 255) {
            throw new IOException("host name too long for SOCKS5");
        }
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(new byte[] {5, 1, 0, 3, (byte) h.length});
        r.write(h);
        r.write(port >> 8);
        r.write(port);
        out.write(r.toByteArray());
        out.flush();
        byte[] head = new byte[4];
        in.readFully(head);
        if (head[1] != 0) {
            throw new IOException("the SOCKS5 proxy " + p.proxy() + " refused " + host + ":" + port + " (code " + (head[1] & 0xff) + ")");
        }
        int skip = switch (head[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.readUnsignedByte();
            default -> throw new IOException("malformed SOCKS5 answer");
        };
        in.readFully(new byte[skip + 2]); // bound address and port: not needed
    }
}
