/**
 * The socket-free core of a Virtual Hub: a MAC-learning virtual Ethernet switch whose ports are VPN
 * sessions, cascade links, local bridges and SecureNAT, each with a bounded output queue that its owner drains
 * on its own event loop.
 */
@Export
@Version("1.1.0")
package org.ethervpn.hub;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
