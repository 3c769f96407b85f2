package org.ethervpn.transport.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

/** Runs the tests' namespace set-up scripts: {@code bash -c}, which must succeed within 30 s. */
final class Bash {
    private Bash() {
    }

    static void run(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), script);
        assertEquals(0, p.exitValue(), script + ": " + out);
    }
}
