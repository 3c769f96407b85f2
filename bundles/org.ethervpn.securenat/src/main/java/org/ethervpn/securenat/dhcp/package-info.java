/** SecureNAT's virtual DHCP server (RFC 2131/2132): its lease pool, message parser and replies. */
package org.ethervpn.securenat.dhcp;
