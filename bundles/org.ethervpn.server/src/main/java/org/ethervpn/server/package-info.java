/** The EtherVPN server: listeners, Virtual Hubs, users, sessions, configuration file, VpnServerAdmin. */
package org.ethervpn.server;
