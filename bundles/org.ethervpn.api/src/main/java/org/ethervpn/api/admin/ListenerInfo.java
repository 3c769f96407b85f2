package org.ethervpn.api.admin;

/** A TCP listener: {@code status} is "listening", "disabled" or "error: reason" (e.g. port in use). */
public record ListenerInfo(int port, boolean enabled, String status) {
}
