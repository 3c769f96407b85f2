package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ethervpn.admin.wire.BridgeWire;
import org.ethervpn.admin.wire.CipherWire;
import org.ethervpn.admin.wire.ListenerWire;
import org.ethervpn.admin.wire.ServerWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.tls.ServerIdentity;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.OpenSslCipherNames;

/** Server information, capabilities, certificate, password, cipher, listeners and local bridges (spec §5.2, 5.6, 5.7, 5.9). */
final class ServerMethods {
    private ServerMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin, ServerIdentity identity) {
        d.add("Test", Rights.ANY, null, (req, who) -> {
            Pack p = copy(req);
            p.remove("StrValue"); // SoftEther answers the decimal text of IntValue in it
            return p.addStr("StrValue", Integer.toUnsignedString(req.getInt("IntValue")));
        });
        d.add("GetServerInfo", Rights.ANY, null, (req, who) -> serverInfo(admin.serverInfo()));
        d.add("GetServerStatus", Rights.ANY, null, (req, who) -> ServerWire.writeStatus(admin.serverStatus(), clientSessions(admin)));
        d.add("GetCaps", Rights.ANY, null, (req, who) -> ServerWire.writeCaps(admin.capabilities()));
        d.add("GetServerCert", Rights.ANY, null, (req, who) -> {
            TlsIdentity id = identity.identity();
            try {
                return ServerWire.writeCert(id.chain().get(0).getEncoded(), who.isServerAdmin() ? id.key().getEncoded() : null);
            } catch (CertificateEncodingException e) {
                throw new AdminException(AdminError.INTERNAL_ERROR, "cannot encode the server certificate");
            }
        });
        d.add("SetServerPassword", Rights.SERVER, null, (req, who) -> {
            byte[] hash = ServerWire.passwordHash(req);
            if (hash.length == 20 && !allZero(hash)) {
                admin.serverPasswordHashSet(hash);
            } else {
                admin.serverPasswordSet(ServerWire.plainPassword(req).toCharArray());
            }
            return copy(req);
        });
        d.add("GetServerCipher", Rights.ANY, null, (req, who) -> CipherWire.write(cipherText(admin.serverCipherGet())));
        d.add("GetServerCipherList", Rights.ANY, null, (req, who) -> CipherWire.write(
                String.join(";", admin.serverCipherGet().availableSuites().stream().map(CipherNames::toOpenSsl).toList())));
        d.add("SetServerCipher", Rights.SERVER, null, (req, who) -> {
            String text = CipherWire.read(req).trim();
            if (text.isEmpty()) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "an empty cipher");
            }
            ServerCipher now = admin.serverCipherGet();
            if (CipherWire.isDefault(text)) {
                admin.serverCipherSet(now.provider(), List.of());
            } else {
                // as SoftEther's: the setting narrows TLS 1.2; the plugin's TLS 1.3 suites stay on
                List<String> suites = new ArrayList<>(now.availableSuites().stream()
                        .filter(OpenSslCipherNames::isTls13).toList());
                CipherWire.suites(text).stream().map(CipherNames::toJava).filter(s -> !suites.contains(s)).forEach(suites::add);
                admin.serverCipherSet(now.provider(), suites);
            }
            return copy(req);
        });
        listeners(d, admin);
        bridges(d, admin);
    }

    private static void listeners(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumListener", Rights.ANY, null, (req, who) -> ListenerWire.writeList(admin.listenerList()));
        d.add("CreateListener", Rights.SERVER, null, (req, who) -> {
            admin.listenerCreate(ListenerWire.port(req));
            if (!ListenerWire.enabled(req)) {
                admin.listenerSetEnabled(ListenerWire.port(req), false);
            }
            return copy(req);
        });
        d.add("DeleteListener", Rights.SERVER, null, (req, who) -> {
            admin.listenerDelete(ListenerWire.port(req));
            return copy(req);
        });
        d.add("EnableListener", Rights.SERVER, null, (req, who) -> {
            admin.listenerSetEnabled(ListenerWire.port(req), ListenerWire.enabled(req));
            return copy(req);
        });
    }

    private static void bridges(Dispatcher d, VpnServerAdmin admin) {
        d.add("GetBridgeSupport", Rights.ANY, null, (req, who) -> new Pack()
                .addBool("IsBridgeSupportedOs", isLinux()).addBool("IsWinPcapNeeded", false));
        d.add("AddLocalBridge", Rights.SERVER, null, (req, who) -> {
            admin.bridgeCreate(BridgeWire.hub(req), BridgeWire.device(req), BridgeWire.tap(req));
            return copy(req);
        });
        d.add("DeleteLocalBridge", Rights.SERVER, null, (req, who) -> {
            admin.bridgeDelete(BridgeWire.hub(req), BridgeWire.device(req));
            return copy(req);
        });
        d.add("EnumLocalBridge", Rights.ANY, null, (req, who) -> BridgeWire.writeList(admin.bridgeList()));
        d.add("EnumEthernet", Rights.SERVER, null, (req, who) -> BridgeWire.writeDevices(admin.bridgeDeviceList()));
    }

    private static Pack serverInfo(ServerInfo i) {
        HostOs os = HostOs.get(i.osName(), i.osVersion());
        return ServerWire.writeInfo(i, new ServerWire.Os(os.productName(), os.vendor(), os.version(), os.kernelVersion()));
    }

    /** Sessions that take a client connection licence in SoftEther: all but bridge/router-mode ones. */
    private static int clientSessions(VpnServerAdmin admin) {
        int n = 0;
        for (var hub : admin.hubList()) {
            try {
                n += (int) admin.sessionList(hub.name()).stream().filter(s -> !s.bridgeMode()).count();
            } catch (AdminException e) {
                // the hub went away meanwhile
            }
        }
        return n;
    }


    /**
     * As SoftEther shows its setting: OpenSSL names of the TLS 1.2 suites set. The TLS 1.3 suites
     * SetServerCipher keeps on are not part of the setting, so they are shown only if nothing else is set.
     */
    static String cipherText(ServerCipher c) {
        if (c.suites().isEmpty()) {
            return CipherWire.DEFAULT;
        }
        List<String> tls12 = c.suites().stream().filter(s -> !OpenSslCipherNames.isTls13(s)).toList();
        return String.join(";", (tls12.isEmpty() ? c.suites() : tls12).stream().map(CipherNames::toOpenSsl).toList());
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }
}
