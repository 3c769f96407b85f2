package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.pack.Pack;

/**
 * CreateLink/SetLink/GetLink's {@code <CLIENT_OPTION>} and certificate fields (admin spec §5.8) ⇄
 * {@link CascadeOptions}. Reading starts from the options a cascade has now: a field the PACK leaves
 * out keeps its value. The proxy password is write-only: a GetLink answer carries "".
 */
public final class CascadeOptionsWire {
    private CascadeOptionsWire() {
    }

    /**
     * The options a PACK asks for, starting from {@code now}. An empty proxy password keeps the
     * stored one (null) while the proxy server and user stay the same, as vpncmd sends back what
     * GetLink gave. Values out of range are {@link AdminError#INVALID_PARAMETER} naming the field.
     */
    public static CascadeOptions read(Pack req, CascadeOptions now) {
        int max = req.contains("MaxConnection") ? req.getInt("MaxConnection") : now.maxConnections();
        int interval = req.contains("AdditionalConnectionInterval") ? req.getInt("AdditionalConnectionInterval")
                : now.intervalSeconds();
        int lifetime = req.contains("ConnectionDisconnectSpan") ? req.getInt("ConnectionDisconnectSpan")
                : now.lifetimeSeconds();
        if (max < 1 || max > CascadeOptions.MAX_CONNECTIONS) {
            throw invalid("MaxConnection must be 1..32, not " + Integer.toUnsignedString(max));
        }
        if (interval < 1) {
            throw invalid("AdditionalConnectionInterval must be 1 or more seconds, not " + Integer.toUnsignedString(interval));
        }
        if (lifetime < 0) {
            throw invalid("ConnectionDisconnectSpan " + Integer.toUnsignedString(lifetime) + " is too large");
        }
        ProxyType proxy = req.contains("ProxyType") ? proxyType(req.getInt("ProxyType")) : now.proxy();
        String proxyServer = now.proxyServer();
        if (req.contains("ProxyName") || req.contains("ProxyPort")) {
            String host = req.getStr("ProxyName");
            int port = req.getInt("ProxyPort");
            proxyServer = HostPort.join(host, port);
            if (!host.isEmpty() && (port < 1 || port > 65535)) {
                throw invalid("ProxyPort must be 1..65535 for proxy " + host);
            }
        }
        String proxyUser = req.contains("ProxyUsername") ? req.getStr("ProxyUsername") : now.proxyUser();
        String password = req.getStr("ProxyPassword");
        boolean sameProxy = proxyServer.equals(now.proxyServer()) && proxyUser.equals(now.proxyUser());
        String proxyPassword = password.isEmpty() && sameProxy ? null : password;
        List<String> headers = req.contains("CustomHttpHeader") ? headers(req.getStr("CustomHttpHeader")) : now.httpHeaders();
        boolean check = req.contains("CheckServerCert") ? req.getBool("CheckServerCert") : now.checkServerCert();
        boolean defaultCa = req.contains("AddDefaultCA") ? req.getBool("AddDefaultCA") : now.defaultCa();
        // GetLink answers ServerCert only when one is pinned, so a PACK without it has no pin, as SoftEther's
        byte[] cert = req.contains("ServerCert") ? req.getData("ServerCert") : null;
        try {
            return new CascadeOptions(max, interval, lifetime, flag(req, "HalfConnection", now.halfDuplex()),
                    flag(req, "UseEncrypt", now.encrypt()), flag(req, "UseCompress", now.compress()),
                    req.contains("DisableQoS") ? !req.getBool("DisableQoS") : now.qos(), proxy, proxyServer, proxyUser,
                    proxyPassword, headers, check, cert, defaultCa);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The options a GetLink answer shows; the proxy password stays null (write-only). */
    public static CascadeOptions readAnswer(Pack answer) {
        return read(answer, CascadeOptions.defaults()).withProxyPassword(null);
    }

    /** A GetLink answer's fields: the proxy password is always "". */
    public static Pack writeAnswer(Pack p, CascadeOptions o) {
        return write(p, o, "");
    }

    /**
     * A CreateLink/SetLink request's fields, replacing those of {@code p} (vpncmd's GetLink → modify →
     * SetLink): a null proxy password leaves the one {@code p} has ("" if none), which keeps the stored one.
     */
    public static Pack writeRequest(Pack p, CascadeOptions o) {
        String pw = o.proxyPassword() != null ? o.proxyPassword() : p.contains("ProxyPassword") ? p.getStr("ProxyPassword") : "";
        return write(p, o, pw);
    }

    private static Pack write(Pack p, CascadeOptions o, String proxyPassword) {
        String proxyHost = "";
        int proxyPort = 0;
        if (!o.proxyServer().isEmpty()) {
            proxyHost = HostPort.host(o.proxyServer());
            proxyPort = HostPort.port(o.proxyServer());
        }
        PackCopy.setInt(p, "ProxyType", proxyCode(o.proxy()));
        PackCopy.setStr(p, "ProxyName", proxyHost);
        PackCopy.setInt(p, "ProxyPort", proxyPort);
        PackCopy.setStr(p, "ProxyUsername", o.proxyUser());
        PackCopy.setStr(p, "ProxyPassword", proxyPassword);
        PackCopy.setStr(p, "CustomHttpHeader", String.join("", o.httpHeaders().stream().map(h -> h + "\r\n").toList()));
        PackCopy.setInt(p, "MaxConnection", o.maxConnections());
        PackCopy.setBool(p, "UseEncrypt", o.encrypt());
        PackCopy.setBool(p, "UseCompress", o.compress());
        PackCopy.setBool(p, "HalfConnection", o.halfDuplex());
        PackCopy.setInt(p, "AdditionalConnectionInterval", o.intervalSeconds());
        PackCopy.setInt(p, "ConnectionDisconnectSpan", o.lifetimeSeconds());
        PackCopy.setBool(p, "DisableQoS", !o.qos());
        PackCopy.setBool(p, "CheckServerCert", o.checkServerCert());
        PackCopy.setBool(p, "AddDefaultCA", o.defaultCa());
        p.remove("ServerCert");
        if (o.serverCert() != null) {
            p.addData("ServerCert", o.serverCert());
        }
        return p;
    }

    /** SoftEther's proxy type code (0 direct, 1 HTTP, 2 SOCKS4, 3 SOCKS5). */
    public static ProxyType proxyType(int code) {
        return switch (code) {
            case 0 -> ProxyType.DIRECT;
            case 1 -> ProxyType.HTTP;
            case 2 -> ProxyType.SOCKS4;
            case 3 -> ProxyType.SOCKS5;
            default -> throw invalid("ProxyType " + Integer.toUnsignedString(code) + ": 0 direct, 1 HTTP, 2 SOCKS4, 3 SOCKS5");
        };
    }

    public static int proxyCode(ProxyType t) {
        return switch (t) {
            case DIRECT -> 0;
            case HTTP -> 1;
            case SOCKS4 -> 2;
            case SOCKS5 -> 3;
        };
    }

    private static boolean flag(Pack req, String name, boolean now) {
        return req.contains(name) ? req.getInt(name) != 0 : now; // SoftEther reads these as plain INTs
    }

    private static List<String> headers(String text) {
        List<String> out = new ArrayList<>();
        Arrays.stream(text.split("\r\n|\n")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static AdminException invalid(String message) {
        return new AdminException(AdminError.INVALID_PARAMETER, message);
    }
}
