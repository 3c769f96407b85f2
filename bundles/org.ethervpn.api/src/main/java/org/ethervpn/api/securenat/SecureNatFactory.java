package org.ethervpn.api.securenat;

import org.osgi.annotation.versioning.ConsumerType;

/** A SecureNAT implementation, registered as a service by a plugin bundle. */
@ConsumerType
public interface SecureNatFactory {
    /**
     * Starts SecureNAT on one hub. It sends frames through {@link SecureNatContext#toHub} from then on
     * and takes frames through {@link SecureNat#receive} until {@link SecureNat#close()}.
     *
     * @throws IllegalArgumentException if the options are invalid (the message says which)
     */
    SecureNat start(SecureNatContext context);
}
