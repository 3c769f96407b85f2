/** Cipher-suite plugins: the TLS versions and suites they offer and the TLS engines they build. */
@Export
@Version("1.1.0")
package org.ethervpn.api.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
