/**
 * A SoftEther VPN session in tunnel mode: its 1..32 TCP connections, which of them carries each batch,
 * half-duplex directions, keep-alives, receive and session timeouts, QoS and per-connection counters.
 * Shared by the server, the client, cascades and the bridge; the handshake that precedes tunnel mode
 * belongs to each of them.
 */
@Export
@Version("1.4.0")
package org.ethervpn.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
