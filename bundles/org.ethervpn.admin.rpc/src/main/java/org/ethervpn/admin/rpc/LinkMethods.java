package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;
import static org.ethervpn.admin.rpc.HubMethods.hubName;

import org.ethervpn.admin.wire.CascadeWire;
import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * Cascade connections (spec §5.8). The local hub is {@code HubName_Ex} in CreateLink, GetLink,
 * SetLink and GetLinkStatus ({@code HubName} there is the remote hub) and {@code HubName} in the
 * others; the layouts are {@link CascadeWire}'s. The connection options, proxy and certificate check
 * are kept ({@link LinkOptions}); what
 * cascades cannot do is refused with 33 naming the field. Links log in with a password hash only, so
 * anonymous links are stored but cannot go online until a password is set.
 */
final class LinkMethods {
    private LinkMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("CreateLink", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            String name = linkName(req);
            CascadeOptions options = LinkOptions.from(req, CascadeOptions.defaults());
            checkAuth(req);
            admin.cascadeCreate(hub, name, server(req), hubName(req, "HubName"), req.getStr("Username"));
            try {
                if (!options.equals(CascadeOptions.defaults())) {
                    admin.cascadeOptionsSet(hub, name, options);
                }
                applyAuth(admin, hub, name, req);
            } catch (RuntimeException e) {
                admin.cascadeDelete(hub, name); // whole or not at all
                throw e;
            }
            return copy(req);
        });
        d.add("SetLink", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            String name = linkName(req);
            CascadeInfo c = admin.cascadeGet(hub, name);
            CascadeOptions options = LinkOptions.from(req, c.options());
            checkAuth(req);
            String server = server(req);
            if (!options.equals(c.options())) {
                admin.cascadeOptionsSet(hub, c.name(), options); // first: a refused certificate changes nothing
            }
            String remoteHub = hubName(req, "HubName");
            String user = req.getStr("Username");
            boolean userChanged = !c.user().equalsIgnoreCase(user);
            if (!c.server().equalsIgnoreCase(server) || !c.remoteHub().equals(remoteHub) || !c.user().equals(user)) {
                admin.cascadeSet(hub, c.name(), server, remoteHub, user); // a new user loses the stored hash
            }
            if (applyAuth(admin, hub, c.name(), req) && userChanged && c.online()) {
                admin.cascadeSetOnline(hub, c.name(), true); // it went offline without a password
            }
            return copy(req);
        });
        d.add("GetLink", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            return CascadeWire.writeLink(admin.cascadeGet(hub, linkName(req)), hub);
        });
        d.add("EnumLink", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            return CascadeWire.writeList(admin.hubGet(hub).name(), admin.cascadeList(hub));
        });
        d.add("SetLinkOnline", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.cascadeSetOnline(hubName(req, "HubName"), linkName(req), true);
            return copy(req);
        });
        d.add("SetLinkOffline", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.cascadeSetOnline(hubName(req, "HubName"), linkName(req), false);
            return copy(req);
        });
        d.add("DeleteLink", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.cascadeDelete(hubName(req, "HubName"), linkName(req));
            return copy(req);
        });
        d.add("GetLinkStatus", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            CascadeInfo c = admin.cascadeGet(hub, linkName(req));
            if (!c.online()) {
                throw new AdminException(AdminError.LINK_IS_OFFLINE, "cascade " + c.name() + " is offline");
            }
            return CascadeWire.writeStatus(c, hub);
        });
    }

    /** Before anything changes: 33 for an authentication type links here cannot use. */
    private static void checkAuth(Pack req) {
        int type = req.getInt("AuthType");
        if (type != CascadeWire.AUTH_ANONYMOUS && type != CascadeWire.AUTH_PASSWORD && type != CascadeWire.AUTH_PLAIN) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "cascade authentication type " + Integer.toUnsignedString(type)
                    + ": only password (1, 2) and anonymous (0)");
        }
    }

    /** Sets what the request's {@code <CLIENT_AUTH>} gives; true if the link now has a password. */
    private static boolean applyAuth(VpnServerAdmin admin, String hub, String name, Pack req) {
        int type = req.getInt("AuthType");
        switch (type) {
            case CascadeWire.AUTH_ANONYMOUS:
                return false;
            case CascadeWire.AUTH_PASSWORD: {
                byte[] hash = req.getData("HashedPassword");
                if (hash.length == 20 && !Fields.allZero(hash)) {
                    admin.cascadePasswordHashSet(hub, name, hash);
                    return true;
                }
                return false; // zeros: keep what is stored
            }
            case CascadeWire.AUTH_PLAIN: {
                String pw = req.getStr("PlainPassword");
                admin.cascadePasswordSet(hub, name, pw.toCharArray());
                return true;
            }
            default:
                throw new AdminException(AdminError.NOT_SUPPORTED,
                        "cascade authentication type " + Integer.toUnsignedString(type) + ": only password (1, 2) and anonymous (0)");
        }
    }

    /** "host:port" for our API ("[v6]:port" for an IPv6 literal). */
    static String server(Pack req) {
        String host = req.getStr("Hostname");
        int port = req.getInt("Port");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "Hostname and Port (1..65535) are needed");
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String linkName(Pack req) {
        String name = CascadeWire.accountName(req);
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "AccountName is missing");
        }
        return name;
    }
}
