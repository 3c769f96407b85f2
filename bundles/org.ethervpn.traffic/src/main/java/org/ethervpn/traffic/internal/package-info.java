/** The traffic-test protocol (pure), its Netty ends, the result text and the Gogo commands. */
package org.ethervpn.traffic.internal;
