package org.ethervpn.api.securenat;

import org.ethervpn.api.admin.SecureNatOptions;
import org.osgi.annotation.versioning.ProviderType;

import io.netty.buffer.ByteBuf;

/** What the server gives a SecureNAT when it starts one on a hub. */
@ProviderType
public interface SecureNatContext {
    String hub();

    SecureNatOptions options();

    /**
     * Sends one Ethernet frame into the hub, as if a station on it sent it. Consumes the frame's
     * reference. Callable from any thread; never blocks (the hub drops what a full port cannot take).
     */
    void toHub(ByteBuf frame);
}
