package org.ethervpn.config;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps a configuration in one file (in the text form its {@link ConfigFormat} defines) and the
 * previous version in {@code <file>.bak}.
 *
 * <p>A save is atomic and durable: the new text goes to {@code <file>.tmp} and is forced to disk, the
 * current file is copied to {@code .bak} the same way, the temp file is renamed over the file and the
 * directory is synced. A crash or a full disk leaves either the old or the new file, never a mix.
 * Files are owner-only (0600): they hold password hashes.
 *
 * <p>A file that cannot be loaded is never changed, renamed or replaced, by {@link #load} or by
 * {@link #save}; the operator decides, helped by the message. So {@code .bak} always holds a file
 * that loaded.
 */
public final class ConfigFile<T> {
    private final ConfigFormat<T> format;
    private final String what;
    private final Path file;
    private final Path backup;
    private final Path temp;
    private final Path backupTemp;
    private boolean firstStart;

    /** @param what names the file in messages, e.g. "server configuration" */
    public ConfigFile(Path file, String what, ConfigFormat<T> format) {
        this.format = format;
        this.what = what;
        this.file = file.toAbsolutePath().normalize();
        this.backup = sibling(".bak");
        this.temp = sibling(".tmp");
        this.backupTemp = sibling(".bak.tmp");
    }

    public Path file() {
        return file;
    }

    /** {@code <file>.bak}: the file as it was before the last save. */
    public Path backupFile() {
        return backup;
    }

    /**
     * The configuration in the file, or {@link ConfigFormat#defaults()} if there is neither the file
     * nor a backup (a first start, see {@link #firstStart()}).
     *
     * @throws ConfigException if the file cannot be read or used; the message names the file, the
     *     problem and, if there is one, the backup to start from. Nothing is changed on disk.
     */
    public synchronized T load() throws ConfigException {
        if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(backup)) {
                throw new ConfigException("The " + what + " " + file + " does not exist, but its backup "
                        + backup + " does; to start from it, replace " + file + " with " + backup
                        + ". To start with the default configuration instead, move " + backup + " away.");
            }
            firstStart = true;
            return format.defaults();
        }
        try {
            T config = parse(file);
            firstStart = false;
            return config;
        } catch (ConfigException e) {
            throw new ConfigException("Cannot load the " + what + " " + file + ": " + e.getMessage()
                    + ". The file has not been changed. " + backupAdvice(), e);
        }
    }

    /** Whether the last {@link #load()} found no file and returned the defaults. */
    public synchronized boolean firstStart() {
        return firstStart;
    }

    /**
     * Writes the configuration atomically, keeping the current file as {@code .bak}.
     *
     * @throws IOException if it could not be written (e.g. disk full) or the current file is not a
     *     configuration that loads (it is left for the operator); the file is then unchanged
     */
    public synchronized void save(T config) throws IOException {
        byte[] text = format.write(config);
        boolean tempWritten = false;
        boolean backupTempWritten = false;
        try {
            createDirectory(file.getParent());
            byte[] current = null;
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                current = Files.readAllBytes(file);
                try {
                    parse(current);
                } catch (ConfigException e) {
                    throw new IOException("the current file is not a usable configuration (" + e.getMessage()
                            + "), so it is not replaced; correct it or move it away");
                }
            }
            writeDurably(temp, text);
            tempWritten = true;
            if (current != null) {
                writeDurably(backupTemp, current);
                backupTempWritten = true;
                Files.move(backupTemp, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                backupTempWritten = false;
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tempWritten = false;
        } catch (IOException e) {
            if (tempWritten) {
                deleteQuietly(temp, e);
            }
            if (backupTempWritten) {
                deleteQuietly(backupTemp, e);
            }
            throw new IOException("Cannot save the " + what + " " + file + ": " + describe(e)
                    + ". The previous file is unchanged.", e);
        }
        syncDirectory(file.getParent());
    }

    private T parse(Path path) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException("it cannot be read (" + describe(e) + ")", e);
        }
        return parse(bytes);
    }

    private T parse(byte[] bytes) throws ConfigException {
        if (bytes.length == 0) {
            throw new ConfigException("the file is empty");
        }
        return format.parse(bytes);
    }

    /** Points to the backup only if it loads, so the advice never leads to a second broken start. */
    private String backupAdvice() {
        if (Files.notExists(backup)) {
            return "There is no backup (" + backup + "); correct the file, or move it away to start with"
                    + " the default configuration.";
        }
        try {
            parse(backup);
        } catch (ConfigException e) {
            return "The backup " + backup + " cannot be used either: " + e.getMessage() + ".";
        }
        return "The last good copy is " + backup + "; to start from it, replace " + file + " with " + backup + ".";
    }

    /**
     * Creates {@code path} owner-only, writes and forces it; on failure removes it again. A leftover
     * regular file from a crashed save is replaced; anything else in the way is an error (we delete
     * only what we wrote).
     */
    private static void writeDurably(Path path, byte[] bytes) throws IOException {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is in the way: it is not a regular file; remove it");
        }
        FileChannel ch = FileChannel.open(path, Set.of(CREATE_NEW, WRITE), ownerOnly(path, "rw-------"));
        try (ch) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(path, e);
            throw e;
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
        }
    }

    /** Makes the renames durable. Some platforms cannot open a directory; the rename is still atomic there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path path, IOException failure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** NIO's messages are often just a path; say what happened. */
    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory: " + x.getFile();
            case AccessDeniedException x -> "permission denied: " + x.getFile();
            case FileSystemException x -> x.getMessage();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
