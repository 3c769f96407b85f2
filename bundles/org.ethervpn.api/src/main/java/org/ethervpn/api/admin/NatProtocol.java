package org.ethervpn.api.admin;

/** What a SecureNAT session carries; the ordinal is SoftEther's {@code Protocol} code in EnumNAT. */
public enum NatProtocol {
    TCP, UDP, DNS, ICMP
}
