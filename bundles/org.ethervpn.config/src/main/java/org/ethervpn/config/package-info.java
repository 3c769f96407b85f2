/**
 * Configuration files that survive crashes and full disks: atomic, durable saves with the previous
 * version kept as {@code .bak}, owner-only permissions, and a damaged file never overwritten.
 */
@Export
@Version("1.1.0")
package org.ethervpn.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
