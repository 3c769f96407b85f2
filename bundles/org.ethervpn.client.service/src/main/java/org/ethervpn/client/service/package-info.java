/** The VPN client service (private): accounts, virtual adapters, connections. */
package org.ethervpn.client.service;
