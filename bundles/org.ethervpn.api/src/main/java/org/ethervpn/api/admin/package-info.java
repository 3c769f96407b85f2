/**
 * The one administration API of an EtherVPN server: hubs, users, sessions, listeners, server cipher,
 * MAC tables. Gogo commands, the vpncmd-compatible RPC, JSON-RPC and the SWT console are thin
 * adapters over {@link org.ethervpn.api.admin.VpnServerAdmin}. Errors carry SoftEther's error codes so
 * that RPC adapters can pass them on unchanged.
 */
@Export
@Version("1.8.0")
package org.ethervpn.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
