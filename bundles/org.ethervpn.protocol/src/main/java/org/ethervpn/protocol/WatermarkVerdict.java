package org.ethervpn.protocol;

/**
 * The server's answer to a watermark request.
 *
 * @param kind accept, 403 or 404
 * @param closeConnection whether the server closes after answering (bad method or length); otherwise
 *        it waits for another request on the same connection
 * @param reason why, for logs; empty when accepted
 */
public record WatermarkVerdict(Kind kind, boolean closeConnection, String reason) {
    /** The request is a valid watermark upload: answer with the hello PACK. */
    public static final WatermarkVerdict ACCEPT = new WatermarkVerdict(Kind.ACCEPT, false, "");

    public enum Kind {
        ACCEPT(200),
        FORBIDDEN(403),
        NOT_FOUND(404);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The HTTP status code to answer with. */
        public int status() {
            return status;
        }
    }

    public WatermarkVerdict {
        if (kind == null || reason == null) {
            throw new NullPointerException("kind and reason are required");
        }
    }

    static WatermarkVerdict forbiddenClose(String reason) {
        return new WatermarkVerdict(Kind.FORBIDDEN, true, reason);
    }

    static WatermarkVerdict forbidden(String reason) {
        return new WatermarkVerdict(Kind.FORBIDDEN, false, reason);
    }

    static WatermarkVerdict notFound(String reason) {
        return new WatermarkVerdict(Kind.NOT_FOUND, false, reason);
    }

    public boolean accepted() {
        return kind == Kind.ACCEPT;
    }

    /** The HTTP status code to answer with (200 means: send the hello). */
    public int status() {
        return kind.status();
    }
}
