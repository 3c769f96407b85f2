/** Plugin registry: what is installed, and installing or removing plugin bundles at run time. */
@Export
@Version("1.0.0")
package org.ethervpn.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
