/** Transport plugins: client connections (direct or through something) and server listeners. */
@Export
@Version("1.1.0")
package org.ethervpn.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
