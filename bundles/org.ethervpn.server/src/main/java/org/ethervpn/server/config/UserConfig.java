package org.ethervpn.server.config;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A hub user.
 *
 * @param name         1..255 characters without whitespace or control characters; case-insensitive
 * @param auth         how the user logs in
 * @param passwordHash SoftEther's 20-byte SHA0(password || UPPER(name)), or empty when no password
 *                     has been set yet ({@code null} is taken as empty). A password equivalent: it
 *                     never appears in {@link #toString()}
 * @param realName     free text, never null
 * @param note         free text, never null
 * @param created      when the user was created, or null if unknown (e.g. imported)
 * @param logins       successful logins so far
 * @param lastLogin    the last successful login, or null before the first
 * @param enabled      false: the account exists but cannot log in (SoftEther's policy {@code Access false})
 * @param expires      from this time on the account cannot log in; null = never
 */
public record UserConfig(String name, UserAuthType auth, byte[] passwordHash, String realName, String note,
        Instant created, long logins, Instant lastLogin, boolean enabled, Instant expires) {
    /** Length of {@link #passwordHash()} when a password is set. */
    public static final int HASH_LENGTH = 20;

    public UserConfig {
        NameRules.user(name);
        Objects.requireNonNull(auth, "auth");
        passwordHash = passwordHash == null ? new byte[0] : passwordHash.clone();
        if (passwordHash.length != 0 && passwordHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("password hash must be " + HASH_LENGTH + " bytes, is " + passwordHash.length);
        }
        realName = realName == null ? "" : realName;
        note = note == null ? "" : note;
        if (logins < 0) {
            throw new IllegalArgumentException("logins must be >= 0, is " + logins);
        }
    }

    /** Enabled and never expiring. */
    public UserConfig(String name, UserAuthType auth, byte[] passwordHash, String realName, String note,
            Instant created, long logins, Instant lastLogin) {
        this(name, auth, passwordHash, realName, note, created, logins, lastLogin, true, null);
    }

    /** A password user with no usable password yet, as vpncmd's UserCreate makes. */
    public static UserConfig create(String name, String realName, String note, Instant created) {
        return new UserConfig(name, UserAuthType.PASSWORD, null, realName, note, created, 0, null);
    }

    /** A copy of the hash (empty when none is set). */
    @Override
    public byte[] passwordHash() {
        return passwordHash.clone();
    }

    public boolean hasPassword() {
        return passwordHash.length == HASH_LENGTH;
    }

    /** A password user with this SoftEther hash (see {@code PasswordHash.hashedPassword}). */
    public UserConfig withPasswordHash(byte[] hash) {
        return new UserConfig(name, UserAuthType.PASSWORD, hash, realName, note, created, logins, lastLogin, enabled,
                expires);
    }

    /** An anonymous user; any stored hash is dropped, so switching back needs a new password. */
    public UserConfig withAnonymous() {
        return new UserConfig(name, UserAuthType.ANONYMOUS, null, realName, note, created, logins, lastLogin, enabled,
                expires);
    }

    public UserConfig withRealName(String text) {
        return new UserConfig(name, auth, passwordHash, text, note, created, logins, lastLogin, enabled, expires);
    }

    public UserConfig withNote(String text) {
        return new UserConfig(name, auth, passwordHash, realName, text, created, logins, lastLogin, enabled, expires);
    }

    /** One more successful login, at {@code when}. */
    public UserConfig withLogin(Instant when) {
        return new UserConfig(name, auth, passwordHash, realName, note, created, logins + 1, when, enabled, expires);
    }

    public UserConfig withEnabled(boolean on) {
        return new UserConfig(name, auth, passwordHash, realName, note, created, logins, lastLogin, on, expires);
    }

    /** null = never expires. */
    public UserConfig withExpires(Instant when) {
        return new UserConfig(name, auth, passwordHash, realName, note, created, logins, lastLogin, enabled, when);
    }

    /** The expiry has passed at {@code now} (SoftEther's rule: expired when expires <= now). */
    public boolean expiredAt(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserConfig u && name.equals(u.name) && auth == u.auth
                && Arrays.equals(passwordHash, u.passwordHash) && realName.equals(u.realName) && note.equals(u.note)
                && Objects.equals(created, u.created) && logins == u.logins && Objects.equals(lastLogin, u.lastLogin)
                && enabled == u.enabled && Objects.equals(expires, u.expires);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, auth, Arrays.hashCode(passwordHash), realName, note, created, logins, lastLogin,
                enabled, expires);
    }

    /** Says whether a password is set, never what it is. */
    @Override
    public String toString() {
        return "UserConfig[name=" + name + ", auth=" + auth + ", password=" + (hasPassword() ? "set" : "none")
                + ", realName=" + realName + ", note=" + note + ", created=" + created + ", logins=" + logins
                + ", lastLogin=" + lastLogin + ", enabled=" + enabled + ", expires=" + expires + "]";
    }
}
