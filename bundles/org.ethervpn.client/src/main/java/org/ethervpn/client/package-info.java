/**
 * The SoftEther-compatible VPN client core, shared by the client product, the server's cascade
 * connections and the bridge: a session's login and additional connections over any
 * {@link org.ethervpn.api.transport.ClientTransport}, in tunnel mode through
 * {@link org.ethervpn.session.TunnelSession}, kept up by {@link org.ethervpn.client.VpnConnection}.
 */
@Export
@Version("1.0.0")
package org.ethervpn.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
