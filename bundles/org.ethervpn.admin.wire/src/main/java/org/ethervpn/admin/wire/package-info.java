/**
 * The PACK layout of SoftEther's admin RPC messages, written once: the server side
 * ({@code org.ethervpn.admin.rpc}) and the client side ({@code org.ethervpn.admin.client}) both
 * read and write these blocks with the codecs here, so a field cannot be spelt one way by the
 * server and another by the client. Pure functions over {@link org.ethervpn.pack.Pack}, no I/O.
 */
@Export
@Version("1.1.0")
package org.ethervpn.admin.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
