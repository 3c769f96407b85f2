package org.ethervpn.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What this server can do, in SoftEther's GetCaps names (without {@code caps_}). The one source for
 * the admin RPC's GetCaps (vpncmd and SoftEther's Server Manager read it) and for the console.
 */
final class ServerCaps {
    private ServerCaps() {
    }

    static Map<String, Long> of(boolean bridge) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        Map<String, Long> caps = new LinkedHashMap<>();
        caps.put("b_standalone", 1L);
        caps.put("b_bridge", bridge ? 1L : 0L);
        caps.put("b_vpn3", 1L);
        caps.put("b_vpn4", 1L);
        caps.put("b_support_cascade", 1L);
        caps.put("b_local_bridge", linux ? 1L : 0L);
        caps.put("b_tap_supported", linux ? 1L : 0L);
        // kept at 0 as GetCaps answered before this list moved here (a real SoftEther server says 1)
        caps.put("b_support_config_rw", 0L);
        caps.put("b_support_cluster", 0L);
        caps.put("b_support_layer3", 0L);
        // SecureNAT as a real vpnserver 5.01 answers (its settings are kept even while no plugin runs it)
        caps.put("b_support_securenat", 1L);
        caps.put("b_suppport_push_route", 1L); // sic: SoftEther's spelling
        caps.put("b_suppport_push_route_config", 1L);
        caps.put("b_virtual_nat_disabled", 0L);
        caps.put("i_max_secnat_tables", 4096L);
        caps.put("b_support_ex_acl", 0L);
        caps.put("b_is_in_vm", inVm() ? 1L : 0L); // vpncmd adds its VM note to BridgeCreate
        caps.put("i_max_hubs", bridge ? 1L : 100_000L);
        caps.put("i_max_sessions", 100_000L);
        caps.put("i_max_users_per_hub", 10_000L);
        caps.put("i_max_packet_size", 1600L);
        return Collections.unmodifiableMap(caps);
    }

    private static boolean inVm() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .anyMatch(l -> l.startsWith("flags") && (" " + l + " ").contains(" hypervisor "));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
