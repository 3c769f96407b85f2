package org.ethervpn.api.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.ethervpn.api.client.ProxyType;

/**
 * How a cascade connects: SoftEther's {@code <CLIENT_OPTION>} without what is fixed for cascades
 * (bridge/routing mode, retry every 10 s forever), plus its server-certificate check.
 *
 * @param maxConnections  TCP connections, 1..32 (SoftEther's cascade default 8)
 * @param intervalSeconds pause between opening additional connections, at least 1
 * @param lifetimeSeconds a connection older than this is replaced (SoftEther's ConnectionDisconnectSpan); 0 = off
 * @param qos             SoftEther's !DisableQoS: VoIP-like frames first
 * @param proxy           how the cascade reaches its server; {@code proxyServer} is "host:port" for a proxy, else ""
 * @param proxyPassword   write-only: {@link VpnServerAdmin#cascadeGet} answers null; given null to
 *                        {@link VpnServerAdmin#cascadeOptionsSet}, the stored one is kept
 * @param httpHeaders     extra "Name: value" lines on the HTTP proxy's CONNECT request (SoftEther's
 *                        CustomHttpHeader); kept with other proxy types, sent only through an HTTP proxy
 * @param checkServerCert verify the server's certificate: it must be {@code serverCert} when one is
 *                        pinned, else it must chain to one of the JVM's trusted CAs and name the host
 * @param serverCert      the pinned certificate (DER), or null
 * @param defaultCa       SoftEther's AddDefaultCA: also trust the default CAs. An EtherVPN server checks
 *                        an unpinned certificate against the JVM's trusted CAs anyway, and refuses it
 *                        together with a pinned certificate and the check on (it checks one or the other)
 */
public record CascadeOptions(int maxConnections, int intervalSeconds, int lifetimeSeconds, boolean halfDuplex,
        boolean encrypt, boolean compress, boolean qos, ProxyType proxy, String proxyServer, String proxyUser,
        String proxyPassword, List<String> httpHeaders, boolean checkServerCert, byte[] serverCert, boolean defaultCa) {
    public static final int MAX_CONNECTIONS = 32;
    /** SoftEther's CustomHttpHeader buffer is 2 KiB. */
    public static final int MAX_HEADER_BYTES = 2047;

    public CascadeOptions {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("MaxConnection must be 1..32, not " + maxConnections);
        }
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("AdditionalConnectionInterval must be at least 1 s, not " + intervalSeconds);
        }
        if (lifetimeSeconds < 0) {
            throw new IllegalArgumentException("ConnectionDisconnectSpan must be 0 (off) or more seconds");
        }
        proxy = proxy == null ? ProxyType.DIRECT : proxy;
        proxyServer = proxyServer == null ? "" : proxyServer.trim();
        proxyUser = proxyUser == null ? "" : proxyUser;
        if (proxy != ProxyType.DIRECT && proxyServer.isEmpty()) {
            throw new IllegalArgumentException("a " + proxy + " proxy needs its server (ProxyName, ProxyPort)");
        }
        if (proxyUser.length() > 255 || proxyPassword != null && proxyPassword.length() > 255) {
            throw new IllegalArgumentException("ProxyUsername and ProxyPassword have at most 255 characters");
        }
        httpHeaders = List.copyOf(httpHeaders == null ? List.of() : httpHeaders);
        int bytes = 0;
        for (String h : httpHeaders) {
            int colon = h.indexOf(':');
            if (colon < 1 || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0 || h.substring(0, colon).isBlank()) {
                throw new IllegalArgumentException("CustomHttpHeader: \"" + h + "\" is not a \"Name: value\" line");
            }
            bytes += h.length() + 2;
        }
        if (bytes > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("CustomHttpHeader: at most " + MAX_HEADER_BYTES + " bytes of headers");
        }
        serverCert = serverCert == null || serverCert.length == 0 ? null : serverCert.clone();
    }

    /** SoftEther's cascade defaults: 8 connections, 1 s apart, encrypted, QoS, direct, no certificate check. */
    public static CascadeOptions defaults() {
        return new CascadeOptions(8, 1, 0, false, true, false, true, ProxyType.DIRECT, "", "", "", List.of(), false,
                null, false);
    }

    @Override
    public byte[] serverCert() {
        return serverCert == null ? null : serverCert.clone();
    }

    /** These options without the proxy password (what Get answers). */
    public CascadeOptions withoutSecrets() {
        return withProxyPassword(null);
    }

    public CascadeOptions withProxyPassword(String password) {
        return new CascadeOptions(maxConnections, intervalSeconds, lifetimeSeconds, halfDuplex, encrypt, compress, qos,
                proxy, proxyServer, proxyUser, password, httpHeaders, checkServerCert, serverCert, defaultCa);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CascadeOptions c && c.maxConnections == maxConnections && c.intervalSeconds == intervalSeconds
                && c.lifetimeSeconds == lifetimeSeconds && c.halfDuplex == halfDuplex && c.encrypt == encrypt
                && c.compress == compress && c.qos == qos && c.proxy == proxy && c.proxyServer.equals(proxyServer)
                && c.proxyUser.equals(proxyUser) && Objects.equals(c.proxyPassword, proxyPassword)
                && c.httpHeaders.equals(httpHeaders) && c.checkServerCert == checkServerCert
                && Arrays.equals(c.serverCert, serverCert) && c.defaultCa == defaultCa;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, intervalSeconds, lifetimeSeconds, halfDuplex, encrypt, compress, qos, proxy,
                proxyServer, proxyUser, httpHeaders, checkServerCert, Arrays.hashCode(serverCert), defaultCa);
    }

    @Override
    public String toString() {
        return "CascadeOptions[connections " + maxConnections + ", interval " + intervalSeconds + " s, lifetime "
                + lifetimeSeconds + " s" + (halfDuplex ? ", half-duplex" : "") + (encrypt ? "" : ", no encryption")
                + (compress ? ", compression" : "") + (qos ? ", QoS" : "")
                + (proxy == ProxyType.DIRECT ? "" : ", via " + proxy + " " + proxyServer
                        + (proxyUser.isEmpty() ? "" : " as " + proxyUser))
                + (httpHeaders.isEmpty() ? "" : ", " + httpHeaders.size() + " HTTP headers")
                + (checkServerCert ? ", server certificate checked" : "") + (serverCert != null ? ", certificate pinned" : "")
                + (defaultCa ? ", default CAs" : "") + "]";
    }
}
