package org.ethervpn.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client connection needs: the final destination, how long the whole path may take to open,
 * and the proxy to go through ({@code null} for transports that connect directly).
 */
public record ConnectRequest(Endpoint target, Duration timeout, ProxySettings proxy) {
    public ConnectRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public static ConnectRequest direct(Endpoint target, Duration timeout) {
        return new ConnectRequest(target, timeout, null);
    }
}
