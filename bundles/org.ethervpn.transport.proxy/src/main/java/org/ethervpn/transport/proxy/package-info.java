/** Client connections through HTTP and SOCKS proxies (private). */
package org.ethervpn.transport.proxy;
