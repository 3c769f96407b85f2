/** QoS plugins: policies that classify a frame's priority. */
@Export
@Version("1.0.0")
package org.ethervpn.api.qos;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
