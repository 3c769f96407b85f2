package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;

class UserAuthFieldTest {
    @Test
    void anonymous() {
        assertInstanceOf(UserAuthField.Anonymous.class, UserAuthField.of(new Pack().addInt("AuthType", 0)));
    }

    @Test
    void theHashVpncmdSendsIsStoredAsItIs() {
        // vpncmd UserPasswordSet: SHA0(password + UPPER(user)), the value of the spec's §10.4 config dump
        byte[] hash = PasswordHash.hashedPassword("linkuser", "linkpw");
        assertArrayEquals(java.util.Base64.getDecoder().decode("xCIsXCm1bQmFSDi623zNEUuS8m4="), hash);
        UserAuthField f = UserAuthField.of(new Pack().addInt("AuthType", 1).addData("HashedKey", hash)
                .addStr("Auth_Password", "ignored when a hash is there"));
        assertArrayEquals(hash, assertInstanceOf(UserAuthField.Hash.class, f).sha0());
    }

    @Test
    void aPlainPasswordOnlyWhenTheHashIsAbsentOrZero() {
        UserAuthField f = UserAuthField.of(new Pack().addInt("AuthType", 1).addData("HashedKey", new byte[20])
                .addStr("Auth_Password", "pw"));
        assertEquals("pw", assertInstanceOf(UserAuthField.Plain.class, f).password());
        assertInstanceOf(UserAuthField.Plain.class, UserAuthField.of(new Pack().addInt("AuthType", 1).addStr("Auth_Password", "x")));
        // what vpncmd sends back after our GetUser (which never shows the stored hash): keep it
        assertInstanceOf(UserAuthField.Keep.class, UserAuthField.of(new Pack().addInt("AuthType", 1)
                .addData("HashedKey", new byte[20]).addData("NtLmSecureHash", new byte[16])));
        assertEquals("Plain[***]", new UserAuthField.Plain("secret").toString());
    }

    @Test
    void otherTypesAndBadHashesAreRefused() {
        AdminException x = assertThrows(AdminException.class, () -> UserAuthField.of(new Pack().addInt("AuthType", 4)
                .addUniStr("RadiusUsername", "r")));
        assertEquals(AdminError.NOT_SUPPORTED, x.error());
        x = assertThrows(AdminException.class, () -> UserAuthField.of(new Pack().addInt("AuthType", 1)
                .addData("HashedKey", "short".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(AdminError.INVALID_PARAMETER, x.error());
    }

    @Test
    void reservedNames() {
        for (String n : new String[] {"Administrator", "link", "Cascade", "SecureNAT", "localbridge", "Local Bridge",
            "L3SW_x", "*"}) {
            assertEquals(AdminError.INVALID_PARAMETER, assertThrows(AdminException.class, () -> UserAuthField.checkName(n)).error(), n);
        }
        UserAuthField.checkName("alice@example");
    }
}
