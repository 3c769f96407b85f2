package org.ethervpn.api.admin;

import java.util.Objects;

/**
 * Who makes an admin call: the server administrator, or the administrator of one hub (SoftEther's
 * {@code /HUB:} login), and from where (for logs).
 *
 * @param hub null for the server administrator, else the hub this administrator may manage
 */
public record AdminCaller(String hub, String from) {
    public AdminCaller {
        Objects.requireNonNull(from, "from");
    }

    public static AdminCaller serverAdmin(String from) {
        return new AdminCaller(null, from);
    }

    public boolean isServerAdmin() {
        return hub == null;
    }
}
