/**
 * A small, strict JSON model, reader and writer (RFC 8259), with the SoftEther JSON-RPC dialect as
 * an option: only non-negative integer numbers, and pretty printing in its 4-space layout.
 */
@Export
@Version("1.0.0")
package org.ethervpn.pack.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
