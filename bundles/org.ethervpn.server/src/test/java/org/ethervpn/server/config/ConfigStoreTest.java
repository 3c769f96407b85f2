package org.ethervpn.server.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The file store, on real files: first start, round trip, backups, permissions, corrupt files, failing saves. */
class ConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void firstStartGivesDefaultsAndWritesNothing() throws Exception {
        ConfigStore store = new ConfigStore(dir.resolve("server.json"));
        assertFalse(store.firstStart(), "nothing loaded yet");
        assertEquals(ServerConfig.defaults(), store.load());
        assertTrue(store.firstStart());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        store.save(ServerConfig.defaults());
        assertEquals(ServerConfig.defaults(), new ConfigStore(dir.resolve("server.json")).load());
        assertTrue(store.firstStart(), "still describes the last load");
        store.load();
        assertFalse(store.firstStart());
    }

    @Test
    void saveThenLoadRoundTrips() throws Exception {
        Path file = dir.resolve("sub/dir/server.json");
        new ConfigStore(file).save(Samples.several());
        ConfigStore store = new ConfigStore(file);
        ServerConfig back = store.load();
        assertEquals(Samples.several(), back);
        assertFalse(store.firstStart());
        assertArrayEquals(Samples.alice().passwordHash(), back.hub("SALES.eu-1").orElseThrow().user("Alice").orElseThrow().passwordHash());
        assertEquals(List.of("server.json"), names(file.getParent()), "no temp or backup files left");
    }

    @Test
    void savedFileIsOwnerOnly() throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        store.save(ServerConfig.defaults());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        store.save(Samples.several());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.backupFile())));
    }

    @Test
    void saveKeepsThePreviousFileAsBackup() throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        store.save(ServerConfig.defaults());
        byte[] first = Files.readAllBytes(file);
        store.save(Samples.several());
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("server.json.bak")));
        byte[] second = Files.readAllBytes(file);
        store.save(Samples.several().withoutHub("lab_2"));
        assertArrayEquals(second, Files.readAllBytes(store.backupFile()));
        assertEquals(List.of("server.json", "server.json.bak"), names(dir));
    }

    static Stream<Arguments> corrupt() {
        String good = new String(ConfigJson.write(Samples.several()), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("garbage", "\u0000\u0001 not json at all", "invalid JSON at line 1, column 1"),
                Arguments.of("truncated", good.substring(0, good.length() / 2), "invalid JSON at line"),
                Arguments.of("empty", "", "the file is empty"),
                Arguments.of("wrong format", good.replace("ethervpn-server-config", "softether-vpn-server"), "format: must be"),
                Arguments.of("invalid hub name", good.replace("\"lab_2\"", "\"lab 2\""), "hubs[2].name: hub name \"lab 2\""),
                Arguments.of("short hash", good.replace("n1VtSbbF0g36O0iirdKTmgXNDYY=", "n1VtSbbF0g36O0iirdKTmgXNDA=="),
                        "hubs[1].users[0].passwordHash: must be 20 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corrupt")
    void corruptFileIsRefusedNamingFileAndBackupAndLeftUntouched(String what, String content, String problem) throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        store.save(Samples.several());
        store.save(Samples.several());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);

        ServerConfigException e = assertThrows(ServerConfigException.class, store::load);
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains(problem), m);
        assertTrue(m.contains("The last good copy is " + file + ".bak; to start from it, replace " + file + " with " + file + ".bak"), m);
        assertArrayEquals(bytes, Files.readAllBytes(file), "the corrupt file is left as it was");
        assertEquals(List.of("server.json", "server.json.bak"), names(dir));
        assertFalse(store.firstStart());

        IOException s = assertThrows(IOException.class, () -> store.save(ServerConfig.defaults()));
        assertTrue(s.getMessage().contains("not a usable configuration"), s.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file), "a save does not replace it either");
        assertEquals(Samples.several(), ConfigJson.read(Files.readAllBytes(store.backupFile())), "nor the backup");

        Files.copy(store.backupFile(), file, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Samples.several(), store.load(), "following the advice works");
    }

    @Test
    void corruptFileWithoutBackupSaysThereIsNone() throws Exception {
        Path file = dir.resolve("server.json");
        Files.writeString(file, "{\"format\": \"ethervpn-server-config\",");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> new ConfigStore(file).load());
        assertTrue(e.getMessage().contains("There is no backup (" + file + ".bak)"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1, column 37"), e.getMessage());
    }

    @Test
    void brokenBackupIsNotRecommended() throws Exception {
        Path file = dir.resolve("server.json");
        Files.writeString(file, "nope");
        Files.writeString(dir.resolve("server.json.bak"), "");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> new ConfigStore(file).load());
        assertTrue(e.getMessage().contains("The backup " + file + ".bak cannot be used either: the file is empty"), e.getMessage());
        assertFalse(e.getMessage().contains("last good copy"), e.getMessage());
    }

    @Test
    void missingFileWithBackupIsNotAFirstStart() throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        store.save(ServerConfig.defaults());
        store.save(Samples.several());
        Files.delete(file);
        ServerConfigException e = assertThrows(ServerConfigException.class, store::load);
        assertTrue(e.getMessage().contains("to start from it, replace " + file + " with " + file + ".bak"), e.getMessage());
        assertFalse(store.firstStart());
    }

    @Test
    void unreadableFileIsReported() throws Exception {
        Path file = dir.resolve("server.json");
        Files.createDirectory(file);
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> new ConfigStore(file).load());
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
        assertTrue(Files.isDirectory(file));
    }

    @Test
    void failingSaveLeavesTheOldFileIntact() throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        store.save(ServerConfig.defaults());
        store.save(Samples.several());
        byte[] before = Files.readAllBytes(file);
        byte[] backupBefore = Files.readAllBytes(store.backupFile());
        Path tmp = dir.resolve("server.json.tmp");
        Files.createDirectory(tmp);

        IOException e = assertThrows(IOException.class, () -> store.save(ServerConfig.defaults()));
        assertTrue(e.getMessage().startsWith("Cannot save the server configuration " + file + ": " + tmp + " is in the way"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("The previous file is unchanged."), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertArrayEquals(backupBefore, Files.readAllBytes(store.backupFile()));
        assertTrue(Files.isDirectory(tmp), "what was in the way is not ours to delete");
        assertEquals(Samples.several(), store.load());

        Files.delete(tmp);
        store.save(ServerConfig.defaults());
        assertEquals(ServerConfig.defaults(), store.load());
    }

    @Test
    void failingBackupLeavesTheOldFileIntactAndRemovesTheTempFile() throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        store.save(Samples.several());
        byte[] before = Files.readAllBytes(file);
        Path backupTmp = dir.resolve("server.json.bak.tmp");
        Files.createDirectory(backupTmp);
        Files.writeString(backupTmp.resolve("keep"), "x");

        IOException e = assertThrows(IOException.class, () -> store.save(ServerConfig.defaults()));
        assertTrue(e.getMessage().contains(backupTmp + " is in the way"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("server.json.tmp")), "the temp file written before the failure is removed");
        assertTrue(Files.exists(backupTmp.resolve("keep")));
    }

    @Test
    void leftoverTempFileFromACrashIsReplaced() throws Exception {
        Path file = dir.resolve("server.json");
        Files.writeString(dir.resolve("server.json.tmp"), "half a file from a crash");
        Files.setPosixFilePermissions(dir.resolve("server.json.tmp"), PosixFilePermissions.fromString("rw-r--r--"));
        ConfigStore store = new ConfigStore(file);
        store.save(Samples.several());
        assertEquals(Samples.several(), store.load());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("server.json"), names(dir));
    }

    @Test
    void concurrentSavesNeverLeaveABrokenFile() throws Exception {
        Path file = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(file);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        store.save(ServerConfig.defaults().withHub(HubConfig.create("h" + n + "-" + i)));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(2, store.load().hubs().size());
        assertEquals(2, ConfigJson.read(Files.readAllBytes(store.backupFile())).hubs().size());
        assertEquals(List.of("server.json", "server.json.bak"), names(dir));
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            String[] names = files.map(p -> p.getFileName().toString()).toArray(String[]::new);
            Arrays.sort(names);
            return List.of(names);
        }
    }
}
