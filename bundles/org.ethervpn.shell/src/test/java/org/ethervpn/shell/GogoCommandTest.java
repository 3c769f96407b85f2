package org.ethervpn.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;

import org.apache.felix.service.command.annotations.GogoCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions each command component registers (its {@code @GogoCommand}, which bnd turns into
 * the {@code osgi.command.*} service properties) are exactly its public command methods: a method without a name in the list is
 * unreachable from the shell, a name without a method fails when typed.
 */
class GogoCommandTest {
    @ParameterizedTest
    @ValueSource(classes = {ServerCommands.class, CascadeOptionCommands.class, ClientCommands.class,
        ConfigCommands.class, PluginCommands.class})
    void registeredFunctionsAreThePublicMethods(Class<?> type) throws Exception {
        Set<String> methods = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).map(String::toLowerCase).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(methods, functions(type));
    }

    /** The {@code function} values of the class's {@code @GogoCommand} (CLASS retention: read from the class file). */
    private static Set<String> functions(Class<?> type) throws Exception {
        byte[] bytes;
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassModel model = ClassFile.of().parse(bytes);
        Set<String> out = new TreeSet<>();
        for (Annotation a : model.findAttribute(Attributes.runtimeInvisibleAnnotations()).orElseThrow().annotations()) {
            if (!a.classSymbol().descriptorString().equals("L" + GogoCommand.class.getName().replace('.', '/') + ";")) {
                continue;
            }
            for (AnnotationElement e : a.elements()) {
                switch (e.name().stringValue()) {
                    case "scope" -> assertEquals("vpn", ((AnnotationValue.OfString) e.value()).stringValue());
                    case "function" -> {
                        if (e.value() instanceof AnnotationValue.OfArray arr) {
                            arr.values().forEach(v -> out.add(((AnnotationValue.OfString) v).stringValue()));
                        } else {
                            out.add(((AnnotationValue.OfString) e.value()).stringValue());
                        }
                    }
                    default -> { }
                }
            }
        }
        assertNotNull(out.isEmpty() ? null : out, type.getSimpleName() + " has no @GogoCommand functions");
        return out;
    }
}
