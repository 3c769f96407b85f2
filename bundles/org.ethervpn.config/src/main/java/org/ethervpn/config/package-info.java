/**
 * Configuration files that survive crashes and full disks: atomic, durable saves with the previous
 * version kept as {@code .bak}, owner-only permissions, and a damaged file never overwritten; the
 * launcher's ready files and the data directory's property ({@link org.ethervpn.config.ReadyFile},
 * {@link org.ethervpn.config.DataDirectory}, 1.1).
 */
@Export
@Version("1.3.0")
package org.ethervpn.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
