package org.ethervpn.securenat.component;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.securenat.SecureNat;
import org.ethervpn.api.securenat.SecureNatContext;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.securenat.engine.Engine;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.HostConfig;
import org.ethervpn.securenat.engine.NatLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The SecureNAT plugin: a {@link SecureNatFactory} whose hubs share one group of event loops (started
 * with the first hub, stopped with the bundle; every engine is closed by its server first).
 */
@Component(service = SecureNatFactory.class, property = Plugin.NAME_PROPERTY + "=securenat")
public final class SecureNatComponent implements SecureNatFactory {
    private final NatLog log;
    private IoGroup io;

    @Activate
    public SecureNatComponent(@Reference(service = LoggerFactory.class) Logger logger) {
        this.log = new NatLog() {
            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warn(String message) {
                logger.warn(message);
            }
        };
    }

    @Override
    public SecureNat start(SecureNatContext context) {
        HostConfig config = HostConfig.of(context.options());
        IoGroup group;
        synchronized (this) {
            if (io == null) {
                io = new IoGroup();
            }
            group = io;
        }
        Engine engine = new Engine(context, config, group.next(), System::nanoTime, log, FlowLimits.DEFAULT);
        Pieces.install(engine);
        engine.executor().execute(engine::start);
        return engine;
    }

    @Deactivate
    synchronized void deactivate() {
        if (io != null) {
            io.shutdown();
            io = null;
        }
    }
}
