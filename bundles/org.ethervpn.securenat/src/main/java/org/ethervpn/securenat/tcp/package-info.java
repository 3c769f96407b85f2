/**
 * SecureNAT's TCP NAT: a user-space TCP endpoint per client flow (pure state machine, timers driven by
 * the engine's tick) relayed to a real socket of the server.
 */
package org.ethervpn.securenat.tcp;
