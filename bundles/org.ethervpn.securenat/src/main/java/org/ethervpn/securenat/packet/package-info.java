/** Socket-free Ethernet/IPv4 layouts and checksums shared by SecureNAT's protocol pieces. */
package org.ethervpn.securenat.packet;
