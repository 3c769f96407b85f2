package org.ethervpn.config;

import org.osgi.annotation.versioning.ConsumerType;

/** The text form of one kind of configuration, and what a first start begins with. */
@ConsumerType
public interface ConfigFormat<T> {
    /** @throws ConfigException naming what is wrong and where (e.g. a JSON path) */
    T parse(byte[] bytes) throws ConfigException;

    byte[] write(T config);

    /** The configuration of a first start (no file, no backup). */
    T defaults();
}
