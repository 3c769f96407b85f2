package org.ethervpn.plugins;

import java.io.File;
import java.nio.file.Path;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.ethervpn.api.plugin.PluginException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * FileInstall silently retries a jar it cannot read as a bundle. This installer claims exactly
 * those jars in the plugins folder and says once, clearly, why they are ignored; the server goes
 * on. Replacing the file with a good jar hands it back to FileInstall's own bundle installer.
 */
@Component(service = ArtifactInstaller.class)
public final class BrokenPluginReporter implements ArtifactInstaller {
    private final Path dir;
    private final Logger log;

    @Activate
    public BrokenPluginReporter(BundleContext ctx, @Reference(service = LoggerFactory.class) Logger log) {
        this.dir = PluginDirectory.fromFramework(ctx);
        this.log = log;
    }

    @Override
    public boolean canHandle(File artifact) {
        return dir != null && artifact.getName().endsWith(".jar")
                && artifact.toPath().toAbsolutePath().normalize().startsWith(dir) && problem(artifact) != null;
    }

    @Override
    public void install(File artifact) {
        log.error("plugin {} is ignored: {}. Replace or remove the file.", artifact, problem(artifact));
    }

    @Override
    public void update(File artifact) {
        String p = problem(artifact);
        if (p != null) {
            log.error("plugin {} is still ignored: {}", artifact, p);
        }
    }

    @Override
    public void uninstall(File artifact) {
        log.info("ignored plugin file {} is gone", artifact);
    }

    private static String problem(File artifact) {
        try {
            PluginInstaller.identify(artifact.toPath(), artifact.getName());
            return null;
        } catch (PluginException e) {
            return e.getMessage();
        }
    }
}
