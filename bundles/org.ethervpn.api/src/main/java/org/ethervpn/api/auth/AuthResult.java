package org.ethervpn.api.auth;

/** The answer of an {@link AuthProvider}. */
public sealed interface AuthResult {
    /** The user is who they claim; {@code user} is the canonical user name. */
    record Accepted(String user) implements AuthResult { }

    /** The credentials are wrong; {@code reason} is for the server log, never for the peer. */
    record Rejected(String reason) implements AuthResult { }

    /** This provider does not know the user or the method; ask the next one. */
    record NotApplicable() implements AuthResult { }
}
