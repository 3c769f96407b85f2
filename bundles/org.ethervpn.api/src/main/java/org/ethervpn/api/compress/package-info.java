/** Compression plugins: codecs that encode and decode one tunnel block at a time. */
@Export
@Version("1.0.0")
package org.ethervpn.api.compress;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
