package org.ethervpn.console.views;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.console.api.ConnectionKind;
import org.ethervpn.console.api.UiAccess;
import org.ethervpn.console.api.ViewContext;
import org.junit.jupiter.api.Test;

/** The SecureNAT tab is for servers whose GetCaps does not deny SecureNAT. */
class SecureNatViewTest {
    @Test
    void shownUnlessTheServerSaysItHasNoSecureNat() {
        SecureNatView v = new SecureNatView();
        assertTrue(v.appliesTo(caps(Map.of("b_support_securenat", 1L))), "a server with SecureNAT");
        assertFalse(v.appliesTo(caps(Map.of("b_support_securenat", 0L))), "a server without");
        assertTrue(v.appliesTo(caps(Map.of())), "a server that did not say gets the tab (the console's rule)");
    }

    private static ViewContext caps(Map<String, Long> caps) {
        return new ViewContext() {
            @Override public Map<String, Long> capabilities() { return caps; }
            @Override public VpnServerAdmin admin() { throw new UnsupportedOperationException(); }
            @Override public PluginAdmin plugins() { return null; }
            @Override public ConnectionKind kind() { return ConnectionKind.SERVER_ADMIN; }
            @Override public String server() { return "test"; }
            @Override public String hub() { return "DEFAULT"; }
            @Override public UiAccess ui() { throw new UnsupportedOperationException(); }
            @Override public void status(String message) { }
            @Override public void error(String message) { }
            @Override public void hubsChanged() { }
        };
    }
}
