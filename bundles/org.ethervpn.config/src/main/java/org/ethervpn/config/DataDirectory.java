package org.ethervpn.config;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * The runtime's data directory, where each component keeps its files: the framework property
 * {@value #PROPERTY} that {@code bin/ethervpn} sets ({@code --data DIR}), else {@code ./data}.
 */
public final class DataDirectory {
    /** The framework property naming the data directory. */
    public static final String PROPERTY = "ethervpn.data";

    private DataDirectory() {
    }

    public static Path of(BundleContext ctx) {
        String data = ctx.getProperty(PROPERTY);
        return Path.of(data == null ? "data" : data);
    }
}
