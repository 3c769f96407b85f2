package org.ethervpn.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every plugin service has in common. A plugin registers its SPI interface as an OSGi service
 * with the service property {@link #NAME_PROPERTY} equal to {@link #name()}, so consumers can select
 * it with a target filter set from configuration.
 */
@ConsumerType
public interface Plugin {
    /** Service property carrying the plugin's name; consumers filter on it. */
    String NAME_PROPERTY = "vpn.plugin.name";

    /** Short, stable name that configuration refers to, e.g. {@code "deflate"}. Lower case, no spaces. */
    String name();

    /** One line for people: what this plugin does. */
    String description();
}
