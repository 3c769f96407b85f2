package org.ethervpn.product;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.eclipse.swt.widgets.Display;
import org.ethervpn.console.api.ConsoleView;
import org.osgi.framework.BundleActivator;

/**
 * Builds a console view plugin bundle at test time (compiled with the JDK's compiler against the
 * console API and SWT): its activator registers a {@link ConsoleView} titled {@code title} on the
 * server scope. A third party's plugin looks just like it.
 */
final class ViewPluginJar {
    private ViewPluginJar() {
    }

    static Path build(Path dir, String title) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve("src/evtest/view"));
        Files.writeString(src.resolve("Activator.java"), """
                package evtest.view;

                import java.util.Set;
                import org.eclipse.swt.SWT;
                import org.eclipse.swt.widgets.Composite;
                import org.eclipse.swt.widgets.Label;
                import org.ethervpn.console.api.*;
                import org.osgi.framework.BundleActivator;
                import org.osgi.framework.BundleContext;

                public class Activator implements BundleActivator, ConsoleView {
                    public void start(BundleContext c) { c.registerService(ConsoleView.class, this, null); }
                    public void stop(BundleContext c) { }
                    public String id() { return "evtest.view"; }
                    public String title() { return "%s"; }
                    public Set<ConnectionKind> kinds() { return Set.of(ConnectionKind.SERVER_ADMIN); }
                    public ViewScope scope() { return ViewScope.SERVER; }
                    public int order() { return 900; }
                    public ViewPart create(Composite parent, ViewContext ctx) {
                        Label l = new Label(parent, SWT.WRAP);
                        l.setData("name", "plugin-label");
                        return () -> ctx.ui().background(() -> ctx.admin().hubList().size(),
                                n -> { if (!l.isDisposed()) l.setText("A plugin's view: " + n + " hubs on " + ctx.server()); },
                                e -> ctx.error(String.valueOf(e)));
                    }
                }
                """.formatted(title));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String cp = String.join(java.io.File.pathSeparator, List.of(jarOf(ConsoleView.class), jarOf(Display.class),
                jarOf(BundleActivator.class), jarOf(org.ethervpn.api.admin.VpnServerAdmin.class)));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-proc:none", "--release", "21", "-cp", cp, "-d", classes.toString(),
                src.resolve("Activator.java").toString());
        if (rc != 0) {
            throw new IOException("javac failed: " + rc);
        }
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "evtest.view");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", "evtest.view.Activator");
        a.putValue("Import-Package", "org.osgi.framework,org.eclipse.swt,org.eclipse.swt.widgets,"
                + "org.ethervpn.console.api;version=\"[1.0,2)\",org.ethervpn.api.admin;version=\"[1.4,2)\"");
        Path jar = dir.resolve("evtest.view.jar");
        Path tmp = dir.resolve("evtest.view.jar.tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        Files.move(tmp, jar);
        return jar;
    }

    private static String jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
