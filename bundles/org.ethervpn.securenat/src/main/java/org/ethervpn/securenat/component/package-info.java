/** The DS component that offers SecureNAT to the server. */
package org.ethervpn.securenat.component;
