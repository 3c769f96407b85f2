/**
 * The console SPI: a bundle contributes a screen by registering a {@link org.ethervpn.console.api.ConsoleView}
 * service; the console shows it for the connections it applies to, and removes it when the service
 * goes. {@link org.ethervpn.console.api.UiAccess} is the one UI thread (the only {@code Display}) and the
 * way off it for admin calls. 1.2: {@link org.ethervpn.console.api.ViewContext#hubsListed}.
 */
@Export
@Version("1.2.0")
package org.ethervpn.console.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
