package org.ethervpn.server;

import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.log.Logger;

/**
 * What the parts of a running server share, handed to each through its constructor, so that no part
 * needs the whole {@link ServerCore} (and none calls back into it).
 *
 * @param options the run-time settings
 * @param plugins the plugin services as they are right now
 * @param log the server's log
 * @param timer one thread for timeouts, retries and periodic checks (never blocks)
 * @param random for challenges and session keys
 * @param connections the TCP connections outside VPN sessions (ConnectionList), and their names
 */
record ServerContext(ServerOptions options, Plugins plugins, Logger log, ScheduledExecutorService timer,
        SecureRandom random, Connections connections) {
}
