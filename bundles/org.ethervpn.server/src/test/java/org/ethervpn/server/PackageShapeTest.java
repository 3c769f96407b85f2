package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shape of the package (issue 14): no two classes of {@code org.ethervpn.server} name each
 * other, so each part can be read and changed from the top down. Read from the sources (comments
 * and strings left out), as a reviewer would.
 */
class PackageShapeTest {
    private static final Path PACKAGE = Path.of("src/main/java/org/ethervpn/server");

    @Test
    void noTwoClassesOfThePackageReferToEachOther() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(PACKAGE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (!name.equals("package-info")) {
                    sources.put(name, code(Files.readString(f)));
                }
            }
        }
        assertTrue(sources.size() > 10, "the package's sources are found: " + sources.keySet());
        List<String> mutual = new ArrayList<>();
        for (String a : sources.keySet()) {
            for (String b : sources.keySet()) {
                if (a.compareTo(b) < 0 && names(sources.get(a), b) && names(sources.get(b), a)) {
                    mutual.add(a + " <-> " + b);
                }
            }
        }
        assertEquals(List.of(), mutual, "classes that refer to each other");
    }

    @Test
    void theCheckSeesAReference() {
        assertTrue(names(code("class A { private B b; }"), "B"));
        assertTrue(!names(code("class A { /** see B */ String s = \"B\"; }"), "B"));
    }

    private static boolean names(String code, String type) {
        return Pattern.compile("\\b" + type + "\\b").matcher(code).find();
    }

    /** The source without comments and string literals. */
    private static String code(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }
}
