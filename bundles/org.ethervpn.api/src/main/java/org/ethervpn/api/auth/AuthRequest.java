package org.ethervpn.api.auth;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A login attempt. {@code secret} is the method's proof (challenge response, password bytes or
 * signature); {@code challenge} is the server's random. Secrets are never part of {@link #toString()}.
 */
public record AuthRequest(String hub, String username, AuthMethod method, byte[] secret, byte[] challenge,
        InetAddress clientAddress) {
    public AuthRequest {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(method, "method");
        secret = secret == null ? new byte[0] : secret.clone();
        challenge = challenge == null ? new byte[0] : challenge.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }

    @Override
    public String toString() {
        return "AuthRequest[hub=" + hub + ", user=" + username + ", method=" + method + ", from=" + clientAddress + "]";
    }
}
