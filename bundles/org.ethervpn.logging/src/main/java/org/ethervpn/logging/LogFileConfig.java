package org.ethervpn.logging;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "EtherVPN log file", description = "Where and how much the server logs")
public @interface LogFileConfig {
    @AttributeDefinition(name = "Level", options = {
        @Option(label = "Errors", value = "ERROR"), @Option(label = "Warnings", value = "WARN"),
        @Option(label = "Information", value = "INFO"), @Option(label = "Debug", value = "DEBUG")})
    String level() default "INFO";

    @AttributeDefinition(name = "File size (MiB)", description = "Rotate the log when it reaches this size", min = "1")
    int maxFileMiB() default 10;

    @AttributeDefinition(name = "Files kept", description = "Rotated files to keep (ethervpn.log.1 ...)", min = "1")
    int keep() default 5;
}
