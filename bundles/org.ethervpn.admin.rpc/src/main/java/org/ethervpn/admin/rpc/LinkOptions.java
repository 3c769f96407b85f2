package org.ethervpn.admin.rpc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * CreateLink/SetLink/GetLink's {@code <CLIENT_OPTION>}, certificate and {@code <POLICY>} fields
 * (spec §5.8) as {@link CascadeOptions}. Every field is kept, answered as SoftEther forces it for
 * cascades (DeviceName, NumRetry, RetryInterval, NoRoutingTracking, RequireBridgeRoutingMode,
 * RequireMonitorMode), or refused with 33 naming it. A field the request leaves out keeps its value.
 */
final class LinkOptions {
    static final int PROXY_DIRECT = 0;
    static final int PROXY_HTTP = 1;
    static final int PROXY_SOCKS4 = 2;
    static final int PROXY_SOCKS5 = 3;

    private LinkOptions() {
    }

    /**
     * The options a request asks for, starting from {@code now}. The proxy password is write-only
     * (GetLink answers ""): an empty one keeps the stored password while the proxy server and user
     * stay the same, as vpncmd sends back what GetLink gave.
     */
    static CascadeOptions from(Pack req, CascadeOptions now) {
        refuseUnsupported(req);
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
            proxyServer = host.isEmpty() ? "" : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
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
        // GetLink answers ServerCert only when one is pinned, so SetLink without it removes the pin, as SoftEther's does
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

    /** GetLink's {@code <CLIENT_OPTION>} and certificate fields. */
    static Pack write(Pack p, CascadeOptions o) {
        String proxyHost = "";
        int proxyPort = 0;
        if (o.proxy() != ProxyType.DIRECT || !o.proxyServer().isEmpty()) {
            int colon = o.proxyServer().lastIndexOf(':');
            proxyHost = o.proxyServer().substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            proxyPort = Fields.port(o.proxyServer());
        }
        p.addInt("ProxyType", proxyCode(o.proxy())).addStr("ProxyName", proxyHost).addInt("ProxyPort", proxyPort)
                .addStr("ProxyUsername", o.proxyUser()).addStr("ProxyPassword", "")
                .addStr("CustomHttpHeader", String.join("", o.httpHeaders().stream().map(h -> h + "\r\n").toList()))
                .addInt("MaxConnection", o.maxConnections()).addBool("UseEncrypt", o.encrypt())
                .addBool("UseCompress", o.compress()).addBool("HalfConnection", o.halfDuplex())
                .addInt("AdditionalConnectionInterval", o.intervalSeconds())
                .addInt("ConnectionDisconnectSpan", o.lifetimeSeconds()).addBool("DisableQoS", !o.qos())
                .addBool("CheckServerCert", o.checkServerCert()).addBool("AddDefaultCA", o.defaultCa());
        byte[] cert = o.serverCert();
        if (cert != null) {
            p.addData("ServerCert", cert);
        }
        return p;
    }

    /** 33 for what cascades here cannot do, naming the field. */
    private static void refuseUnsupported(Pack req) {
        if (req.getText("Hostname").contains("/")) {
            throw unsupported("Hostname: a \"/hint\" suffix (SoftEther's HintStr) is not supported");
        }
        if (req.getInt("PortUDP") != 0) {
            throw unsupported("PortUDP: cascades here use TCP only");
        }
        if (req.getInt("BindLocalPort") != 0) {
            throw unsupported("BindLocalPort: cascades cannot choose their source port");
        }
        InetAddress bind = req.contains("BindLocalIP") ? req.getIp("BindLocalIP") : null;
        if (bind != null && !bind.isAnyLocalAddress()) {
            throw unsupported("BindLocalIP: cascades cannot choose their source address");
        }
        for (String f : new String[] {"HideStatusWindow", "HideNicInfoWindow", "FromAdminPack"}) {
            if (req.getBool(f)) {
                throw unsupported(f + ": a VPN Client setting, not one of a cascade");
            }
        }
        byte[] key = req.getData("HostUniqueKey");
        if (key != null && !Fields.allZero(key)) {
            throw unsupported("HostUniqueKey: cascades send the server's own unique key");
        }
        List<String> policy = SoftEtherPolicy.differences(i -> {
            String n = "policy:" + i.name();
            return req.contains(n) ? Integer.toUnsignedLong(req.getInt(n)) : -1;
        });
        if (!policy.isEmpty()) {
            throw unsupported("policy: cascades use the default policy; these items differ: " + String.join(", ", policy));
        }
    }

    private static boolean flag(Pack req, String name, boolean now) {
        return req.contains(name) ? req.getInt(name) != 0 : now; // SoftEther reads these as plain INTs
    }

    private static List<String> headers(String text) {
        List<String> out = new ArrayList<>();
        Arrays.stream(text.split("\r\n|\n")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    static ProxyType proxyType(int code) {
        return switch (code) {
            case PROXY_DIRECT -> ProxyType.DIRECT;
            case PROXY_HTTP -> ProxyType.HTTP;
            case PROXY_SOCKS4 -> ProxyType.SOCKS4;
            case PROXY_SOCKS5 -> ProxyType.SOCKS5;
            default -> throw invalid("ProxyType " + Integer.toUnsignedString(code) + ": 0 direct, 1 HTTP, 2 SOCKS4, 3 SOCKS5");
        };
    }

    static int proxyCode(ProxyType t) {
        return switch (t) {
            case DIRECT -> PROXY_DIRECT;
            case HTTP -> PROXY_HTTP;
            case SOCKS4 -> PROXY_SOCKS4;
            case SOCKS5 -> PROXY_SOCKS5;
        };
    }

    private static AdminException invalid(String message) {
        return new AdminException(AdminError.INVALID_PARAMETER, message);
    }

    private static AdminException unsupported(String message) {
        return new AdminException(AdminError.NOT_SUPPORTED, message);
    }
}
