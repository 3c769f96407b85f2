package org.ethervpn.tap;

import org.ethervpn.api.adapter.VirtualAdapterFactory;

/** What the tap and packet plugins share: a name, and a description that says why they cannot work here. */
abstract sealed class LinuxAdapterFactory implements VirtualAdapterFactory permits TapAdapterFactory, PacketAdapterFactory {
    private final String name;
    private final String what;

    LinuxAdapterFactory(String name, String what) {
        this.name = name;
        this.what = what;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        String reason = TapSupport.unavailableReason();
        return what + (reason == null ? "" : "; unavailable: " + reason);
    }
}
