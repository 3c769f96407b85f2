/** SecureNAT's DNS proxy on the virtual host (UDP 53): client queries forwarded to the server's own resolvers. */
package org.ethervpn.securenat.dns;
