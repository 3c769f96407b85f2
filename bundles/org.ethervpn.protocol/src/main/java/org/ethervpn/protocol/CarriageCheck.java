package org.ethervpn.protocol;

/**
 * Result of an HTTP carriage check ({@link HttpCarriage}).
 *
 * @param ok whether the message may be processed
 * @param reason why not, for logs; empty when ok
 */
public record CarriageCheck(boolean ok, String reason) {
    public static final CarriageCheck OK = new CarriageCheck(true, "");

    public CarriageCheck {
        if (reason == null) {
            throw new NullPointerException("reason");
        }
    }

    static CarriageCheck violation(String reason) {
        return new CarriageCheck(false, reason);
    }
}
