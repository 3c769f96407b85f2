/**
 * The server's persistent configuration: an immutable model (listeners, cipher, hubs, users), its
 * JSON file format and an atomic file store that keeps the previous file as {@code .bak}.
 * Private to the server bundle.
 */
package org.ethervpn.server.config;
