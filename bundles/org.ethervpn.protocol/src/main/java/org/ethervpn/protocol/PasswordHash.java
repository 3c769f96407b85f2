package org.ethervpn.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * SoftEther's password verifier and challenge response (authtype 1).
 *
 * <pre>
 * hashedPassword  = SHA0(password bytes || ASCII-uppercase(user name bytes))
 * securePassword  = SHA0(hashedPassword || 20-byte random of the server hello)
 * </pre>
 *
 * The hashed password is what a SoftEther server stores as {@code AuthPassword}, so existing
 * configurations can be imported. It is a password equivalent: keep it secret.
 */
public final class PasswordHash {
    /** Length of both the hashed password and the secure password. */
    public static final int LENGTH = Sha0.DIGEST_LENGTH;
    /** Length of the server's challenge ({@code random} in the hello PACK). */
    public static final int RANDOM_LENGTH = 20;

    private PasswordHash() {
    }

    /** {@code SHA0(password || upper(user))}; the user name is taken as UTF-8, only a-z are upper-cased. */
    public static byte[] hashedPassword(String user, byte[] password) {
        Objects.requireNonNull(password, "password");
        return Sha0.hash(password, upperAscii(user.getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #hashedPassword(String, byte[])} with the password's UTF-8 bytes. */
    public static byte[] hashedPassword(String user, String password) {
        return hashedPassword(user, password.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code SHA0(hashed || random)}: the {@code secure_password} a client sends in its login PACK. */
    public static byte[] securePassword(byte[] hashed, byte[] random) {
        if (hashed.length != LENGTH) {
            throw new IllegalArgumentException("hashed password must be " + LENGTH + " bytes, is " + hashed.length);
        }
        if (random.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException("random must be " + RANDOM_LENGTH + " bytes, is " + random.length);
        }
        return Sha0.hash(hashed, random);
    }

    /**
     * Server side: whether {@code securePassword} answers {@code random} for the stored {@code hashed}
     * password. Compares in constant time; a wrong-sized answer is simply wrong.
     */
    public static boolean verify(byte[] hashed, byte[] random, byte[] securePassword) {
        return securePassword != null && constantTimeEquals(securePassword(hashed, random), securePassword);
    }

    /** Compares two byte arrays in time that depends only on their lengths. {@code null} equals nothing. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static byte[] upperAscii(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] >= 'a' && bytes[i] <= 'z') {
                bytes[i] -= 'a' - 'A';
            }
        }
        return bytes;
    }
}
