package org.ethervpn.logging;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only text file that rotates by size (ethervpn.log -> .1 -> .2 ...), so a busy or
 * attacked server cannot fill the disk with its log. A write that fails (full disk) is dropped
 * and reported once on stderr, never thrown at the caller.
 */
final class RotatingLog implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private Writer out;
    private long size;
    private boolean failing;

    RotatingLog(Path file, long maxBytes, int keep) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    synchronized void append(String line) {
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                size = Files.exists(file) ? Files.size(file) : 0;
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            if (size > 0 && size + line.length() > maxBytes) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.getBytes(StandardCharsets.UTF_8).length;
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                System.err.println("ethervpn: cannot write " + file + ": " + e.getMessage());
                failing = true;
            }
            closeQuietly();
        }
    }

    private void rotate() throws IOException {
        closeQuietly();
        Files.deleteIfExists(sibling(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(sibling(i))) {
                Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        size = 0;
    }

    private Path sibling(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // already failing; nothing better to do
            }
            out = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
