/**
 * SoftEther's binary admin RPC (what vpncmd and the Server Manager speak, admin spec §3 and §5)
 * over the one admin API, {@code VpnServerAdmin}: PACK in, a method of the API, PACK out. Private.
 */
package org.ethervpn.admin.rpc;
