package org.ethervpn.server.config;

import static org.ethervpn.config.JsonMembers.array;
import static org.ethervpn.config.JsonMembers.bool;
import static org.ethervpn.config.JsonMembers.construct;
import static org.ethervpn.config.JsonMembers.integer;
import static org.ethervpn.config.JsonMembers.kind;
import static org.ethervpn.config.JsonMembers.string;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.config.ConfigException;
import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;

/**
 * A cascade's {@code "options"} in {@code server.json}. Every member is optional and defaults to
 * SoftEther's cascade default, so files written before options existed load unchanged. The proxy
 * password is stored as it is (the proxy needs it), like SoftEther's {@code ProxyPassword}.
 */
final class CascadeOptionsJson {
    private CascadeOptionsJson() {
    }

    static JsonObject write(CascadeOptions o) {
        byte[] cert = o.serverCert();
        return JsonObject.builder()
                .put("maxConnections", JsonNumber.of(o.maxConnections()))
                .put("intervalSeconds", JsonNumber.of(o.intervalSeconds()))
                .put("lifetimeSeconds", JsonNumber.of(o.lifetimeSeconds()))
                .put("halfDuplex", JsonBool.of(o.halfDuplex()))
                .put("encrypt", JsonBool.of(o.encrypt()))
                .put("compress", JsonBool.of(o.compress()))
                .put("qos", JsonBool.of(o.qos()))
                .put("proxy", new JsonString(o.proxy().name().toLowerCase(Locale.ROOT)))
                .put("proxyServer", new JsonString(o.proxyServer()))
                .put("proxyUser", new JsonString(o.proxyUser()))
                .put("proxyPassword", new JsonString(o.proxyPassword() == null ? "" : o.proxyPassword()))
                .put("httpHeaders", new JsonArray(o.httpHeaders().stream().<JsonValue>map(JsonString::new).toList()))
                .put("checkServerCert", JsonBool.of(o.checkServerCert()))
                .put("serverCert", new JsonString(cert == null ? "" : Base64.getEncoder().encodeToString(cert)))
                .put("defaultCa", JsonBool.of(o.defaultCa()))
                .build();
    }

    /** {@code o} null (an older file): the defaults. */
    static CascadeOptions read(JsonObject o, String at) throws ConfigException {
        CascadeOptions d = CascadeOptions.defaults();
        if (o == null) {
            return d;
        }
        int max = (int) integer(o, at, "maxConnections", 1, CascadeOptions.MAX_CONNECTIONS, d.maxConnections());
        int interval = (int) integer(o, at, "intervalSeconds", 1, Integer.MAX_VALUE, d.intervalSeconds());
        int lifetime = (int) integer(o, at, "lifetimeSeconds", 0, Integer.MAX_VALUE, d.lifetimeSeconds());
        boolean half = bool(o, at, "halfDuplex", d.halfDuplex());
        boolean encrypt = bool(o, at, "encrypt", d.encrypt());
        boolean compress = bool(o, at, "compress", d.compress());
        boolean qos = bool(o, at, "qos", d.qos());
        String proxyText = string(o, at, "proxy", "direct");
        ProxyType proxy;
        try {
            proxy = ProxyType.valueOf(proxyText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ServerConfigException(at + ".proxy: must be direct, http, socks4 or socks5, is \"" + proxyText + "\"");
        }
        String proxyServer = string(o, at, "proxyServer", "");
        String proxyUser = string(o, at, "proxyUser", "");
        String proxyPassword = string(o, at, "proxyPassword", "");
        List<String> headers = new ArrayList<>();
        JsonArray hs = array(o, at, "httpHeaders");
        for (int i = 0; hs != null && i < hs.size(); i++) {
            if (!(hs.get(i) instanceof JsonString s)) {
                throw new ServerConfigException(at + ".httpHeaders[" + i + "]: must be a string, is " + kind(hs.get(i)));
            }
            headers.add(s.value());
        }
        boolean check = bool(o, at, "checkServerCert", false);
        byte[] cert;
        try {
            cert = Base64.getDecoder().decode(string(o, at, "serverCert", ""));
        } catch (IllegalArgumentException e) {
            throw new ServerConfigException(at + ".serverCert: not valid base64");
        }
        boolean defaultCa = bool(o, at, "defaultCa", false);
        return construct(at, () -> new CascadeOptions(max, interval, lifetime, half, encrypt, compress, qos, proxy,
                proxyServer, proxyUser, proxyPassword, headers, check, cert, defaultCa));
    }
}
