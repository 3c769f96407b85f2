/** SecureNAT's ICMP NAT: echo requests carried out through one Linux ICMP socket (FFM), or answered by the host. */
package org.ethervpn.securenat.icmp;
