package org.ethervpn.pack.json;

/** Text that is not acceptable JSON, or JSON that cannot be mapped to what was asked for. */
public class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /** @param offset where in the input (chars for text, bytes for UTF-8 input), or -1 */
    public JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public JsonException(String message) {
        this(message, -1);
    }

    /** Offset in the input, or -1 if the problem is not tied to one. */
    public int offset() {
        return offset;
    }
}
