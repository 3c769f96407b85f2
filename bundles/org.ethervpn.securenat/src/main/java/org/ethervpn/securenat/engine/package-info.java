/** One hub's SecureNAT engine: frame checks, ARP, ICMP echo of the virtual host, routing to DHCP, DNS and the NAT; flow limits. */
package org.ethervpn.securenat.engine;
