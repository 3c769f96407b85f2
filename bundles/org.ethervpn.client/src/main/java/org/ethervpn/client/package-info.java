/**
 * The SoftEther-compatible VPN client core: a session's login and additional connections over any
 * {@link org.ethervpn.api.transport.ClientTransport}, in tunnel mode through
 * {@link org.ethervpn.session.TunnelSession}.
 */


package org.ethervpn.client;

