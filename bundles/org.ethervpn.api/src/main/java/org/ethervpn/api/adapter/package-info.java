/** Virtual network adapters (such as TAP devices) that exchange Ethernet frames with a session. */
@Export
@Version("1.5.0")
package org.ethervpn.api.adapter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
