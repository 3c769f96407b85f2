package org.ethervpn.testsupport;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** An OSGi {@link Logger} for unit tests that records "level: message-format" lines. */
public final class TestLogger {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (p, m, a) -> {
                if (a != null && a.length > 0 && a[0] instanceof String s) {
                    StringBuilder b = new StringBuilder(m.getName()).append(": ").append(s);
                    for (int i = 1; i < a.length; i++) {
                        // Logger.info(String, Object...) arrives here as one Object[]: list its elements
                        for (Object arg : a[i] instanceof Object[] varargs ? varargs : new Object[] {a[i]}) {
                            b.append(" | ").append(arg);
                        }
                    }
                    lines.add(b.toString());
                }
                return switch (m.getName()) {
                    case "getName" -> "test";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> "TestLogger";
                    default -> m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                };
            });

    public Logger logger() {
        return logger;
    }

    /** Every line logged so far, arguments appended after " | ". */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Forgets the lines so far (a fuzz target checks each input's lines alone). */
    public void clear() {
        lines.clear();
    }
}
