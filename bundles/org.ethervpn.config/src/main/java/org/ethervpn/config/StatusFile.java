package org.ethervpn.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One-line status files a launcher polls ({@code run/server}, {@code run/client}): written to a
 * sibling temp file and renamed over, so a reader never sees half a line.
 */
public final class StatusFile {
    private StatusFile() {
    }

    /** {@code "ready"}, or {@code "error: <why>"} on one line when {@code error} is not null. */
    public static void write(Path file, String error) throws IOException {
        String text = error == null ? "ready\n" : "error: " + error.replace('\n', ' ') + "\n";
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
