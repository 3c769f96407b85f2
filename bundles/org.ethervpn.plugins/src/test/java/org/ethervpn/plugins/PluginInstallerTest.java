package org.ethervpn.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.ethervpn.api.plugin.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of installing that need no framework; the OSGi side is covered by the integration tests. */
class PluginInstallerTest {
    @TempDir
    Path dir;

    Path jar(String bsn, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        if (version != null) {
            m.getMainAttributes().putValue("Bundle-Version", version);
        }
        Path p = dir.resolve("p" + System.nanoTime() + ".jar");
        try (OutputStream o = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return p;
    }

    @Test
    void readsNameAndVersionOfABundle() throws Exception {
        Path p = jar("org.example.plugin;singleton:=true", "1.2.3.qualifier");
        assertArrayEquals(new String[] {"org.example.plugin", "1.2.3.qualifier"}, PluginInstaller.identify(p, "x"));
    }

    @Test
    void refusesWhatIsNotABundle() throws Exception {
        PluginException e = assertThrows(PluginException.class, () -> PluginInstaller.identify(jar(null, "1"), "plain.jar"));
        assertTrue(e.getMessage().contains("not an OSGi bundle"), e.getMessage());
        Path garbage = Files.writeString(dir.resolve("g.jar"), "not a zip");
        e = assertThrows(PluginException.class, () -> PluginInstaller.identify(garbage, "g.jar"));
        assertTrue(e.getMessage().contains("not a jar file"), e.getMessage());
        PluginException v = assertThrows(PluginException.class, () -> PluginInstaller.identify(jar("a.b", "x.y"), "v.jar"));
        assertTrue(v.getMessage().contains("invalid Bundle-Version"), v.getMessage());
        assertThrows(PluginException.class, () -> PluginInstaller.identify(jar("../../evil", "1"), "e.jar"));
    }

    @Test
    void fetchesFilesAndFileUrlsButNotOtherSchemes() throws Exception {
        Path src = jar("a.b", "1");
        Path out = dir.resolve("out");
        PluginInstaller.fetch(src.toString(), out);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out));
        PluginInstaller.fetch(src.toUri().toString(), out);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out));
        IOException e = assertThrows(IOException.class, () -> PluginInstaller.fetch("ftp://h/x.jar", out));
        assertTrue(e.getMessage().contains("unsupported URL scheme"));
        assertThrows(IOException.class, () -> PluginInstaller.fetch(dir.resolve("missing.jar").toString(), out));
    }
}
