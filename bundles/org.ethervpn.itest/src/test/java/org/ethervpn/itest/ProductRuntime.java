package org.ethervpn.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The runtime inside the server product's executable jar: its bundles (extracted) and its framework
 * properties, so the integration tests boot exactly what ships.
 */
record ProductRuntime(List<Path> bundles, Map<String, String> properties) {
    static ProductRuntime extract(Path productJar, Path into) throws IOException {
        if (!Files.isRegularFile(productJar)) {
            throw new IOException("build the product first: " + productJar + " is missing");
        }
        Files.createDirectories(into);
        try (JarFile jar = new JarFile(productJar.toFile())) {
            Properties p = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                p.load(in);
            }
            List<Path> bundles = new ArrayList<>();
            for (String name : p.getProperty("launch.bundles").split(",")) {
                ZipEntry e = jar.getEntry(name.trim());
                Path out = into.resolve(Path.of(e.getName()).getFileName());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                bundles.add(out);
            }
            Map<String, String> props = new LinkedHashMap<>();
            for (String k : p.stringPropertyNames()) {
                if (!k.startsWith("launch.") && !k.startsWith("org.osgi.framework.storage")) {
                    props.put(k, p.getProperty(k));
                }
            }
            return new ProductRuntime(bundles, props);
        }
    }

    static boolean isFragment(Path bundle) throws IOException {
        try (JarFile j = new JarFile(bundle.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }
}
