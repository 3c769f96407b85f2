package org.ethervpn.api.client;

/** One line of the account list. */
public record AccountInfo(String name, AccountStatus.State state, String server, String hub, String nic) {
}
