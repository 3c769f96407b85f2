package org.ethervpn.admin.client;

/** The server answered {@code {error = N}} (or the connection broke: 3); {@code text} is the server's words, if any. */
public final class RpcFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public RpcFailure(int code, String text) {
        super(text);
        this.code = code;
    }

    public RpcFailure(int code, String text, Throwable cause) {
        super(text, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
