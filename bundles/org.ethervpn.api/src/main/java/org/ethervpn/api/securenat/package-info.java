/**
 * The SecureNAT plugin SPI: a virtual host on a hub (ARP, ICMP echo, DHCP server, DNS proxy) and a
 * user-space NAT carrying its clients' TCP, UDP and ICMP out through the server's own sockets. The
 * server owns the hub port and feeds it; a plugin bundle provides {@link org.ethervpn.api.securenat.SecureNatFactory}.
 */
@Export
@Version("1.0.0")
package org.ethervpn.api.securenat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
