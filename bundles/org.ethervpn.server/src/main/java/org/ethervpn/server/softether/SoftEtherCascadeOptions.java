package org.ethervpn.server.softether;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * A SoftEther cascade's {@code ClientOption} folder and certificate items as {@link CascadeOptions}.
 * What cannot be carried over is said in {@code notes}; an invalid combination falls back to the
 * defaults for that part and says so.
 */
final class SoftEtherCascadeOptions {
    /** SoftEther keeps a client option's proxy password RC4-encrypted under this key (its first 8 bytes: a pointer's size). */
    private static final byte[] PROXY_PASSWORD_KEY = "EncryptP".getBytes(StandardCharsets.US_ASCII);

    private SoftEtherCascadeOptions() {
    }

    static CascadeOptions of(SoftEtherFolder link, SoftEtherFolder o, String what, List<String> notes) {
        CascadeOptions d = CascadeOptions.defaults();
        int max = (int) Math.clamp(o.uint("MaxConnection", d.maxConnections()), 1, CascadeOptions.MAX_CONNECTIONS);
        int interval = (int) Math.clamp(o.uint("AdditionalConnectionInterval", 1), 1, Integer.MAX_VALUE);
        int lifetime = (int) Math.clamp(o.uint("ConnectionDisconnectSpan", 0), 0, Integer.MAX_VALUE);
        ProxyType proxy = switch ((int) o.uint("ProxyType", 0)) {
            case 1 -> ProxyType.HTTP;
            case 2 -> ProxyType.SOCKS4;
            case 3 -> ProxyType.SOCKS5;
            default -> ProxyType.DIRECT;
        };
        String proxyHost = o.string("ProxyName", "");
        long proxyPort = o.uint("ProxyPort", 0);
        String proxyServer = "";
        if (proxy != ProxyType.DIRECT) {
            if (proxyHost.isEmpty() || proxyPort < 1 || proxyPort > 65535) {
                notes.add(what + ": note: its " + proxy + " proxy has no server or port; it connects directly");
                proxy = ProxyType.DIRECT;
            } else {
                proxyServer = (proxyHost.contains(":") ? "[" + proxyHost + "]" : proxyHost) + ":" + proxyPort;
            }
        }
        byte[] encrypted = o.bytes("ProxyPassword");
        String proxyPassword = encrypted == null ? "" : new String(rc4(PROXY_PASSWORD_KEY, encrypted), StandardCharsets.UTF_8);
        List<String> headers = Arrays.stream(o.string("CustomHttpHeader", "").split("\r?\n")) // SoftEther stores LF only
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        byte[] cert = link.bytes("ServerCert");
        boolean check = link.bool("CheckServerCert", false);
        boolean defaultCa = link.bool("AddDefaultCA", false);
        if (check && cert != null && cert.length > 0 && defaultCa) { // Admin.cascadeOptionsSet refuses the pair too
            notes.add(what + ": note: AddDefaultCA is not imported next to its pinned server certificate (EtherVPN"
                    + " checks one or the other); the pinned certificate is checked");
            defaultCa = false;
        }
        if (link.folder("Policy").isPresent()) {
            SoftEtherFolder p = link.folder("Policy").get();
            List<String> diff = SoftEtherPolicy.differences(i -> p.has(i.name())
                    ? i.kind() == SoftEtherPolicy.Kind.BOOL ? (p.bool(i.name(), false) ? 1 : 0) : p.uint(i.name(), 0) : -1);
            if (!diff.isEmpty()) {
                notes.add(what + ": note: its policy " + diff + " is not imported (cascades here use the default policy)");
            }
        }
        if (o.bool("NoUdpAcceleration", false) || o.uint("PortUDP", 0) != 0) {
            notes.add(what + ": note: UDP settings do not apply (EtherVPN cascades use TCP only)");
        }
        try {
            return new CascadeOptions(max, interval, lifetime, o.bool("HalfConnection", false), o.bool("UseEncrypt", true),
                    o.bool("UseCompress", false), !o.bool("DisableQoS", false), proxy, proxyServer,
                    o.string("ProxyUsername", ""), proxyPassword, headers, check, cert, defaultCa);
        } catch (IllegalArgumentException e) {
            notes.add(what + ": note: its connection options are not imported (" + e.getMessage() + "); SoftEther's"
                    + " defaults apply");
            return d;
        }
    }

    /** RC4, which SoftEther uses for stored proxy passwords (encrypting and decrypting are the same). */
    static byte[] rc4(byte[] key, byte[] data) {
        int[] s = new int[256];
        for (int i = 0; i < 256; i++) {
            s[i] = i;
        }
        for (int i = 0, j = 0; i < 256; i++) {
            j = (j + s[i] + (key[i % key.length] & 0xFF)) & 0xFF;
            int t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        byte[] out = new byte[data.length];
        for (int n = 0, i = 0, j = 0; n < data.length; n++) {
            i = (i + 1) & 0xFF;
            j = (j + s[i]) & 0xFF;
            int t = s[i];
            s[i] = s[j];
            s[j] = t;
            out[n] = (byte) (data[n] ^ s[(s[i] + s[j]) & 0xFF]);
        }
        return out;
    }
}
