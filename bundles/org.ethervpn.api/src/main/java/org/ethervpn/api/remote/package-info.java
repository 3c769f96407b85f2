/**
 * Opening administration sessions to remote servers (ours or SoftEther's) over the binary admin RPC,
 * several at once, with the server certificate pinned by its SHA-256 fingerprint: what a desktop
 * console needs beyond the one connection {@code vpn:connect} manages.
 */
@Export
@Version("1.0.0")
package org.ethervpn.api.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
