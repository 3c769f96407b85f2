package org.ethervpn.pack;

/** Bytes that are not a valid PACK, or that break the {@link PackLimits}. */
public class PackException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param message what was wrong, for a person
     * @param offset the byte offset from the start of the PACK where it was found, or -1
     */
    public PackException(String message, int offset) {
        super(offset >= 0 ? message + " (at offset " + offset + ")" : message);
        this.offset = offset;
    }

    /** Byte offset from the start of the PACK, or -1 if not tied to one. */
    public int offset() {
        return offset;
    }
}
