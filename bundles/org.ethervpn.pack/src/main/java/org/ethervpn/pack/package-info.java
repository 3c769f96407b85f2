/**
 * SoftEther's PACK container: the value model ({@link org.ethervpn.pack.Pack}), the binary codec
 * ({@link org.ethervpn.pack.PackCodec}) and the JSON-RPC mapping ({@link org.ethervpn.pack.PackJson}).
 * Pure Java, no I/O.
 */
@Export
@Version("1.0.0")
package org.ethervpn.pack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
