package org.ethervpn.admin.client;

import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.pack.Pack;

/**
 * A GetLink answer's {@code <CLIENT_OPTION>} and certificate fields as {@link CascadeOptions}, and
 * back into a SetLink request (vpncmd's GetLink → modify → SetLink).
 */
final class LinkPacks {
    private LinkPacks() {
    }

    /** The options a GetLink answer shows; the proxy password stays out (write-only in our API). */
    static CascadeOptions options(Pack l) {
        String proxyHost = l.getStr("ProxyName");
        String proxyServer = proxyHost.isEmpty() ? ""
                : (proxyHost.contains(":") ? "[" + proxyHost + "]" : proxyHost) + ":" + l.getInt("ProxyPort");
        List<String> headers = Arrays.stream(l.getStr("CustomHttpHeader").split("\r\n")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        byte[] cert = l.contains("ServerCert") ? l.getData("ServerCert") : null;
        return new CascadeOptions(Math.clamp(l.getInt("MaxConnection"), 1, CascadeOptions.MAX_CONNECTIONS),
                Math.max(1, l.getInt("AdditionalConnectionInterval")), Math.max(0, l.getInt("ConnectionDisconnectSpan")),
                l.getInt("HalfConnection") != 0, l.getInt("UseEncrypt") != 0, l.getInt("UseCompress") != 0,
                !l.getBool("DisableQoS"), proxy(l.getInt("ProxyType")), proxyServer, l.getStr("ProxyUsername"), null,
                headers, l.getBool("CheckServerCert"), cert, l.getBool("AddDefaultCA"));
    }

    /** {@code l} (a GetLink answer) with these options; a null proxy password leaves the answer's one. */
    static Pack apply(Pack l, CascadeOptions o) {
        String host = "";
        int port = 0;
        if (!o.proxyServer().isEmpty()) {
            var e = org.ethervpn.api.transport.Endpoint.parse(o.proxyServer());
            host = e.host();
            port = e.port();
        }
        Packs.setInt(l, "MaxConnection", o.maxConnections());
        Packs.setInt(l, "AdditionalConnectionInterval", o.intervalSeconds());
        Packs.setInt(l, "ConnectionDisconnectSpan", o.lifetimeSeconds());
        Packs.setBool(l, "HalfConnection", o.halfDuplex());
        Packs.setBool(l, "UseEncrypt", o.encrypt());
        Packs.setBool(l, "UseCompress", o.compress());
        Packs.setBool(l, "DisableQoS", !o.qos());
        Packs.setInt(l, "ProxyType", code(o.proxy()));
        Packs.setStr(l, "ProxyName", host);
        Packs.setInt(l, "ProxyPort", port);
        Packs.setStr(l, "ProxyUsername", o.proxyUser());
        if (o.proxyPassword() != null) {
            Packs.setStr(l, "ProxyPassword", o.proxyPassword());
        }
        Packs.setStr(l, "CustomHttpHeader", String.join("", o.httpHeaders().stream().map(h -> h + "\r\n").toList()));
        Packs.setBool(l, "CheckServerCert", o.checkServerCert());
        Packs.setBool(l, "AddDefaultCA", o.defaultCa());
        l.remove("ServerCert");
        if (o.serverCert() != null) {
            l.addData("ServerCert", o.serverCert());
        }
        return l;
    }

    static ProxyType proxy(int code) {
        return switch (code) {
            case 1 -> ProxyType.HTTP;
            case 2 -> ProxyType.SOCKS4;
            case 3 -> ProxyType.SOCKS5;
            default -> ProxyType.DIRECT;
        };
    }

    static int code(ProxyType t) {
        return switch (t) {
            case DIRECT -> 0;
            case HTTP -> 1;
            case SOCKS4 -> 2;
            case SOCKS5 -> 3;
        };
    }
}
