package org.ethervpn.shell;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.client.ProxyType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * How cascades connect and whether hubs are listed: {@code vpn:cascadeoptionsset} (vpncmd's
 * CascadeDetailSet, CascadeEncrypt*, CascadeCompress*, CascadeProxy*, CascadeHttpHeader*,
 * CascadeServerCert*, CascadeDefaultCA* in one command) and vpncmd's SetEnumDeny / SetEnumAllow.
 * Thin over {@link VpnServerAdmin}; an option left out keeps its value.
 */
@Component(service = CascadeOptionCommands.class)
@GogoCommand(scope = "vpn", function = {"cascadeoptionsset", "setenumdeny", "setenumallow"})
public final class CascadeOptionCommands {
    /** "Keep what is set": the absent value of every option. */
    static final String KEEP = "\u0000keep";

    private final VpnServerAdmin admin;

    @Activate
    public CascadeOptionCommands(@Reference VpnServerAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("hide a hub from VPN clients' hub list (vpncmd SetEnumDeny)")
    public String setenumdeny(@Descriptor("hub") String hub) {
        return ServerCommands.run(() -> admin.hubSetHidden(hub, true), "hub " + hub + " is not listed to clients");
    }

    @Descriptor("list a hub to VPN clients again (vpncmd SetEnumAllow)")
    public String setenumallow(@Descriptor("hub") String hub) {
        return ServerCommands.run(() -> admin.hubSetHidden(hub, false), "hub " + hub + " is listed to clients");
    }

    @Descriptor("set how a cascade connects; options left out keep their value; an online cascade reconnects")
    public String cascadeoptionsset(
            @Descriptor("TCP connections 1..32") @Parameter(names = "--maxtcp", absentValue = KEEP) String maxTcp,
            @Descriptor("seconds between additional connections (>= 1)") @Parameter(names = "--interval", absentValue = KEEP) String interval,
            @Descriptor("seconds a connection lives, 0 = forever") @Parameter(names = "--ttl", absentValue = KEEP) String ttl,
            @Descriptor("half-duplex yes/no") @Parameter(names = "--half", absentValue = KEEP) String half,
            @Descriptor("encryption yes/no") @Parameter(names = "--encrypt", absentValue = KEEP) String encrypt,
            @Descriptor("compression yes/no") @Parameter(names = "--compress", absentValue = KEEP) String compress,
            @Descriptor("QoS yes/no") @Parameter(names = "--qos", absentValue = KEEP) String qos,
            @Descriptor("direct, http, socks4 or socks5") @Parameter(names = "--proxy", absentValue = KEEP) String proxy,
            @Descriptor("proxy host:port") @Parameter(names = "--proxyserver", absentValue = KEEP) String proxyServer,
            @Descriptor("proxy user") @Parameter(names = "--proxyuser", absentValue = KEEP) String proxyUser,
            @Descriptor("proxy password") @Parameter(names = "--proxypassword", absentValue = KEEP) String proxyPassword,
            @Descriptor("HTTP proxy headers 'Name: value' separated by ';', or none")
            @Parameter(names = "--headers", absentValue = KEEP) String headers,
            @Descriptor("check the server certificate yes/no") @Parameter(names = "--checkcert", absentValue = KEEP) String check,
            @Descriptor("pinned server certificate: a PEM or DER file the shell's process reads, or none")
            @Parameter(names = "--cert", absentValue = KEEP) String cert,
            @Descriptor("trust the default CAs yes/no (SoftEther's AddDefaultCA)")
            @Parameter(names = "--defaultca", absentValue = KEEP) String defaultCa,
            @Descriptor("hub") String hub, @Descriptor("cascade") String cascade) {
        CascadeOptions o = ServerCommands.call(() -> admin.cascadeGet(hub, cascade)).options();
        CascadeOptions next = new CascadeOptions(number(maxTcp, o.maxConnections(), "--maxtcp"),
                number(interval, o.intervalSeconds(), "--interval"), number(ttl, o.lifetimeSeconds(), "--ttl"),
                flag(half, o.halfDuplex(), "--half"), flag(encrypt, o.encrypt(), "--encrypt"),
                flag(compress, o.compress(), "--compress"), flag(qos, o.qos(), "--qos"), proxy(proxy, o.proxy()),
                keep(proxyServer) ? o.proxyServer() : proxyServer, keep(proxyUser) ? o.proxyUser() : proxyUser,
                keep(proxyPassword) ? null : proxyPassword, headers(headers, o.httpHeaders()),
                flag(check, o.checkServerCert(), "--checkcert"), certificate(cert, o.serverCert()),
                flag(defaultCa, o.defaultCa(), "--defaultca"));
        return ServerCommands.run(() -> admin.cascadeOptionsSet(hub, cascade, next),
                "cascade " + cascade + " of hub " + hub + ": " + next);
    }

    private static boolean keep(String v) {
        return KEEP.equals(v);
    }

    private static int number(String v, int now, String option) {
        if (keep(v)) {
            return now;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, not " + v);
        }
    }

    private static boolean flag(String v, boolean now, String option) {
        return keep(v) ? now : ServerCommands.yes(v, option);
    }

    private static ProxyType proxy(String v, ProxyType now) {
        if (keep(v)) {
            return now;
        }
        try {
            return ProxyType.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--proxy must be direct, http, socks4 or socks5, not " + v);
        }
    }

    private static List<String> headers(String v, List<String> now) {
        if (keep(v)) {
            return now;
        }
        if (v.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        return Arrays.stream(v.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The DER of a PEM or DER certificate file, null for "none". */
    private static byte[] certificate(String v, byte[] now) {
        if (keep(v)) {
            return now;
        }
        if (v.trim().equalsIgnoreCase("none")) {
            return null;
        }
        byte[] bytes = ServerCommands.readConfigFile(v);
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes));
            return c.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalArgumentException(v + " is not a PEM or DER X.509 certificate");
        }
    }
}
