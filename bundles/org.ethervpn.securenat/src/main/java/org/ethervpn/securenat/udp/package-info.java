/** SecureNAT's UDP NAT: one server socket per client UDP port; and what sends datagrams back to clients (fragmenting). */
package org.ethervpn.securenat.udp;
