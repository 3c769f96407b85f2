/**
 * The throughput measurement tool, wire-compatible with SoftEther's TrafficServer/TrafficClient
 * ({@code vpncmd /TOOLS}): {@link org.ethervpn.traffic.TrafficTest} starts a server on a port or runs
 * a client measurement against one (ours or a real SoftEther one) and gives a
 * {@link org.ethervpn.traffic.TrafficResult} computed as SoftEther computes it.
 */
@Export
@Version("1.0.0")
package org.ethervpn.traffic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
