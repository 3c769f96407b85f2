package org.ethervpn.admin.rpc;

import java.util.Locale;
import java.util.Set;

import org.ethervpn.admin.wire.UserWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.pack.Pack;

/**
 * What a CreateUser/SetUser request's {@code <USER_AUTH>} asks for (spec §5.1), as our admin API can
 * do it: anonymous, a password hash, a plain password, or "password user, keep what is stored" (an
 * all-zero HashedKey without Auth_Password, as vpncmd sends back after GetUser, which never carries
 * our stored hash).
 */
sealed interface UserAuthField {
    /** User names SoftEther reserves for its own sessions (spec §5.4). */
    Set<String> RESERVED = Set.of("administrator", "link", "cascade", "securenat", "localbridge", "local bridge");

    record Anonymous() implements UserAuthField {
    }

    record Hash(byte[] sha0) implements UserAuthField {
    }

    record Plain(String password) implements UserAuthField {
        @Override
        public String toString() {
            return "Plain[***]";
        }
    }

    record Keep() implements UserAuthField {
    }

    static UserAuthField of(Pack req) {
        int type = req.getInt("AuthType");
        if (type == UserWire.ANONYMOUS) {
            return new Anonymous();
        }
        if (type != UserWire.PASSWORD) {
            throw new AdminException(AdminError.NOT_SUPPORTED,
                    "user authentication type " + Integer.toUnsignedString(type) + ": only anonymous (0) and password (1)");
        }
        byte[] hash = req.getData("HashedKey");
        if (hash.length == 20 && !Fields.allZero(hash)) {
            return new Hash(hash);
        }
        if (hash.length != 0 && hash.length != 20) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "HashedKey has " + hash.length + " bytes, not 20");
        }
        String plain = req.getStr("Auth_Password");
        byte[] nt = req.getData("NtLmSecureHash");
        if (plain.isEmpty() && nt.length > 0 && !Fields.allZero(nt)) {
            // the NT hash only ever comes along with HashedKey (the same password); alone it would be dropped
            throw new AdminException(AdminError.NOT_SUPPORTED, "NtLmSecureHash without HashedKey: this server keeps no"
                    + " NT hash (no MS-CHAPv2); send the password as HashedKey or Auth_Password");
        }
        return plain.isEmpty() ? new Keep() : new Plain(plain);
    }

    /** SoftEther refuses these names (38) and "*" unless RADIUS/NT authentication, which we lack. */
    static void checkName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.startsWith("l3sw_") || name.equals("*")) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "the user name " + name + " is reserved");
        }
    }
}
