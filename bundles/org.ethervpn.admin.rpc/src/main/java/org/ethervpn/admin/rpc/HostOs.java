package org.ethervpn.admin.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What SoftEther's GetServerInfo says about the operating system on Linux: the distribution's name,
 * home page and version from os-release, and the kernel's build string (uname -v). Read once; where a
 * file is missing the JVM's os.name/os.version stand in.
 */
record HostOs(String productName, String vendor, String version, String kernelVersion) {
    private static volatile HostOs current;

    static HostOs get(String osName, String osVersion) {
        HostOs h = current;
        if (h == null) {
            Map<String, String> rel = osRelease(Path.of("/etc/os-release"));
            if (rel.isEmpty()) {
                rel = osRelease(Path.of("/usr/lib/os-release"));
            }
            String kernel = firstLine(Path.of("/proc/sys/kernel/version"));
            h = new HostOs(rel.getOrDefault("NAME", osName + " " + osVersion), rel.getOrDefault("HOME_URL", ""),
                    rel.getOrDefault("VERSION", osVersion), kernel.isEmpty() ? osVersion : kernel);
            current = h;
        }
        return h;
    }

    /** KEY=value lines, values optionally quoted (os-release(5)). */
    static Map<String, String> osRelease(Path file) {
        Map<String, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq <= 0 || line.startsWith("#")) {
                    continue;
                }
                String v = line.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(line.substring(0, eq).strip(), v);
            }
        } catch (IOException | RuntimeException e) {
            // no os-release: the fallbacks apply
        }
        return m;
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
