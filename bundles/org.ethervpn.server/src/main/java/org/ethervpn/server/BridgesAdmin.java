package org.ethervpn.server;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.server.config.BridgeConfig;

/** Local bridges between a hub and a network interface or TAP device. */
interface BridgesAdmin extends AdminArea {
    @Override
    default void bridgeCreate(String hub, String device, boolean tap) {
        BridgeConfig b = valid(() -> new BridgeConfig(hub, device, tap));
        Optional<BridgeConfig> old = config().bridge(hub, device);
        if (old.isPresent()) {
            if (old.get().tap() != tap) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "hub " + hub + " is already bridged to " + device
                        + (old.get().tap() ? " as a TAP device" : " as an existing interface") + "; delete that bridge first");
            }
            return; // as SoftEther: creating it again is not an error
        }
        change(c -> c.withBridge(b), c -> core().startBridge(b));
    }

    @Override
    default void bridgeDelete(String hub, String device) {
        BridgeConfig b = config().bridge(hub, device).orElseThrow(() -> new AdminException(AdminError.OBJECT_NOT_FOUND,
                "there is no local bridge of hub " + hub + " to " + device));
        change(c -> c.withoutBridge(b.hub(), b.device()), c -> core().stopBridge(b.hub(), b.device()));
    }

    @Override
    default List<BridgeInfo> bridgeList() {
        return config().bridges().stream().map(b -> {
            LocalBridge running = core().bridge(b.hub(), b.device());
            return running != null ? running.info() : new BridgeInfo(b.hub(), b.device(), b.tap(), false, "stopped");
        }).toList();
    }

    /**
     * The interfaces a bridge can attach to, as the {@code packet} adapter plugin sees them (it knows
     * the platform); none while no such plugin is installed, since no bridge could attach then.
     */
    @Override
    default List<String> bridgeDeviceList() {
        Optional<VirtualAdapterFactory> packet = core().context().plugins().adapter(LocalBridge.PACKET_PLUGIN);
        try {
            return packet.isEmpty() ? List.of() : List.copyOf(packet.get().devices());
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "cannot list the network interfaces: " + e.getMessage());
        }
    }
}
