/**
 * The administration API of an EtherVPN client: connection settings ("accounts") and virtual network
 * adapters, as in SoftEther's client manager and vpncmd's client commands. Gogo commands and future
 * RPC adapters are thin layers over {@link org.ethervpn.api.client.VpnClientAdmin}; failures are
 * {@link org.ethervpn.api.admin.AdminException}s with SoftEther's error codes.
 */
@Export
@Version("1.1.0")
package org.ethervpn.api.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
