package org.ethervpn.server.config;

import java.time.Instant;
import java.util.List;

import org.ethervpn.protocol.PasswordHash;

/** Configurations for the tests. */
final class Samples {
    static final Instant CREATED = Instant.parse("2026-01-31T12:00:00Z");
    static final Instant LAST_LOGIN = Instant.parse("2026-02-01T08:15:30.123456789Z");

    private Samples() {
    }

    static UserConfig alice() {
        return UserConfig.create("alice", "Alice A.", "admin's \"test\" user", CREATED)
                .withPasswordHash(PasswordHash.hashedPassword("alice", "alicepass"))
                .withLogin(LAST_LOGIN);
    }

    /** Three hubs: password, anonymous and password-less users, unicode text, a disabled listener. */
    static ServerConfig several() {
        HubConfig sales = HubConfig.create("Sales.EU-1").withMaxSessions(10)
                .withUser(alice())
                .withUser(UserConfig.create("Bob", "Bøb Ünïcode ✓", "", null).withAnonymous())
                .withUser(UserConfig.create("carol", "", "no password yet", CREATED));
        HubConfig lab = HubConfig.create("lab_2").withOnline(false)
                .withUser(UserConfig.create("dave", null, null, CREATED)
                        .withPasswordHash(PasswordHash.hashedPassword("dave", "d4ve")));
        return ServerConfig.defaults()
                .withListener(new ListenerConfig(992, false))
                .withListener(new ListenerConfig(8443, true))
                .withCipher(new CipherConfig("legacy", List.of("TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA")))
                .withHub(sales)
                .withHub(lab);
    }
}
