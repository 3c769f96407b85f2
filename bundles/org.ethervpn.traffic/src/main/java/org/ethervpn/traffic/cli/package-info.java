/** {@code ethervpn traffic}: the measurement tool as a plain Java program (no OSGi framework). */
package org.ethervpn.traffic.cli;
