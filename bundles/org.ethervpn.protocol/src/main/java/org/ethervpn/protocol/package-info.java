/**
 * Socket-free codecs of the SoftEther native session protocol: SHA-0 password hashing, the watermark
 * upload, the HTTP carriage rules of the handshake, the tunnel stream (frames and keep-alives) as
 * Netty handlers, keep-alive timing, connection directions, flow hashing and the protocol's error codes.
 */
@Export
@Version("1.4.0")
package org.ethervpn.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
