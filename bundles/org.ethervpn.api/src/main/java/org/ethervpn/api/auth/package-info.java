/** Authentication plugins: check a user's credentials for a Virtual Hub. */
@Export
@Version("1.0.0")
package org.ethervpn.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
