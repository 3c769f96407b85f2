package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ethervpn.admin.wire.UserWire;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.Test;

/** The user policy of SetUser/GetUser: Access is ours, any other item that differs from the default is named. */
class UserPolicyTest {
    @Test
    void theDefaultPolicyWithAccessOffHasNoOtherDifference() {
        Pack p = UserWire.policy(new Pack(), false);
        assertFalse(p.getBool("policy:Access"));
        assertEquals(32, p.getInt("policy:MaxConnection"));
        assertEquals(20, p.getInt("policy:TimeOut"));
        assertTrue(p.getBool("policy:Ver3"));
        assertEquals(List.of(), UserMethods.otherPolicyItems(p));
        assertTrue(UserWire.policy(new Pack(), true).getBool("policy:Access"));
    }

    @Test
    void otherItemsThatDifferAreNamedAbsentAndZeroLimitsAreDefault() {
        Pack p = UserWire.policy(new Pack(), true);
        p.remove("policy:MaxConnection");
        p.addInt("policy:MaxConnection", 2);
        p.remove("policy:NoBridge");
        p.addBool("policy:NoBridge", true);
        assertEquals(List.of("NoBridge=true", "MaxConnection=2"), UserMethods.otherPolicyItems(p));
        assertEquals(List.of(), UserMethods.otherPolicyItems(new Pack().addBool("policy:Access", false)
                .addInt("policy:MaxConnection", 0).addInt("policy:TimeOut", 0)),
                "SoftEther's login takes MaxConnection/TimeOut 0 as 32/20");
        assertEquals(List.of("MaxUpload=1000000"), UserMethods.otherPolicyItems(new Pack().addInt("policy:MaxUpload",
                1_000_000)));
    }
}
