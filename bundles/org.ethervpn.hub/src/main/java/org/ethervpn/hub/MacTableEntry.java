package org.ethervpn.hub;

import java.time.Instant;

/**
 * One line of the "MAC table list" admin command.
 *
 * @param mac      the address as text, {@code 00-AC-12-34-56-78}
 * @param portId   the port it was learned on
 * @param portName that port's name (for a session, the session name)
 * @param created  when it was first learned (on any port)
 * @param lastSeen when a frame from it last arrived
 */
public record MacTableEntry(String mac, long portId, String portName, Instant created, Instant lastSeen) {
}
