package org.ethervpn.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.tls.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

class ServerCertificateStoreTest {
    final List<String> logged = new ArrayList<>();
    final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (p, m, a) -> {
                if (a != null && a.length > 0 && a[0] instanceof String s) {
                    logged.add(m.getName() + ": " + s);
                }
                return m.getReturnType() == boolean.class ? false : null;
            });

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesRsa2048SelfSignedAndLaterStartsReuseIt() throws Exception {
        TlsIdentity first = ServerCertificateStore.loadOrCreate(dir, "vpn.example", log);
        assertEquals(2048, ((RSAPublicKey) first.certificate().getPublicKey()).getModulus().bitLength());
        assertEquals("SHA256withRSA", first.certificate().getSigAlgName());
        first.certificate().verify(first.certificate().getPublicKey());
        assertTrue(first.certificate().getSubjectX500Principal().getName().contains("CN=vpn.example"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))));
        assertTrue(Files.readString(dir.resolve("server.crt")).startsWith("-----BEGIN CERTIFICATE-----"));

        TlsIdentity again = ServerCertificateStore.loadOrCreate(dir, "other.name", log);
        assertEquals(first.sha256Fingerprint(), again.sha256Fingerprint());
        assertEquals(first.key(), again.key());
        assertTrue(logged.stream().noneMatch(l -> l.contains("PRIVATE KEY")), "the key must never be logged");
    }

    @Test
    void aDamagedFileIsAClearErrorAndIsNotOverwritten() throws Exception {
        ServerCertificateStore.loadOrCreate(dir, "vpn.example", log);
        Files.writeString(dir.resolve("server.crt"), "garbage");
        IOException e = assertThrows(IOException.class, () -> ServerCertificateStore.loadOrCreate(dir, "x", log));
        assertTrue(e.getMessage().contains("server.crt"), e.getMessage());
        assertEquals("garbage", Files.readString(dir.resolve("server.crt")));
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("error")));
    }

    @Test
    void aKeyFromAnotherCertificateIsRefused() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        ServerCertificateStore.loadOrCreate(dir, "a", log);
        ServerCertificateStore.loadOrCreate(other, "b", log);
        Files.copy(other.resolve("server.key"), dir.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IOException e = assertThrows(IOException.class, () -> ServerCertificateStore.loadOrCreate(dir, "a", log));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void aMissingKeyIsAnError() throws Exception {
        ServerCertificateStore.loadOrCreate(dir, "a", log);
        Files.delete(dir.resolve("server.key"));
        assertThrows(IOException.class, () -> ServerCertificateStore.loadOrCreate(dir, "a", log));
    }
}
