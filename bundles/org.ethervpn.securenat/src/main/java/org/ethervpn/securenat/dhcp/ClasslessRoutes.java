package org.ethervpn.securenat.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.ethervpn.securenat.engine.HostConfig.Route;
import org.ethervpn.securenat.packet.Ip4;

/**
 * The classless static routes option (RFC 3442): per route the prefix length, the significant
 * octets of the destination, then the router. SoftEther sends the same bytes as option 121 and as
 * Microsoft's 249.
 */
final class ClasslessRoutes {
    /** SoftEther's limit of pushed routes. */
    static final int MAX_ROUTES = 64;

    private ClasslessRoutes() {
    }

    /**
     * The routes to push: the configured ones (at most {@link #MAX_ROUTES}), plus a default route via
     * {@code gateway} when there is one and no configured route is a default route, because RFC 3442
     * clients ignore the router option once they get this one (§ "DHCP Client Behavior").
     */
    static List<Route> withDefault(List<Route> configured, int gateway) {
        List<Route> out = new ArrayList<>(configured.subList(0, Math.min(configured.size(), MAX_ROUTES)));
        if (!out.isEmpty() && gateway != 0 && out.stream().noneMatch(r -> r.mask() == 0)) {
            out.add(new Route(0, 0, gateway));
        }
        return out;
    }

    static byte[] encode(List<Route> routes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Route r : routes) {
            int width = Ip4.prefix(r.mask());
            b.write(width);
            for (int i = 0; i < (width + 7) / 8; i++) {
                b.write(r.network() >>> (24 - 8 * i));
            }
            for (int i = 0; i < 4; i++) {
                b.write(r.gateway() >>> (24 - 8 * i));
            }
        }
        return b.toByteArray();
    }
}
