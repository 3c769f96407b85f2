package org.ethervpn.pack.json;

/**
 * What {@link JsonReader} accepts.
 *
 * @param maxLength longest input: chars for text, bytes for UTF-8 input
 * @param maxDepth deepest nesting of arrays and objects (1 to 1000)
 * @param unsignedIntegersOnly SoftEther's dialect: a negative number, a fraction or an exponent
 *     makes the whole text invalid, and so does an integer above 2^64-1
 */
public record JsonLimits(int maxLength, int maxDepth, boolean unsignedIntegersOnly) {
    /** SoftEther JSON-RPC: 16 MiB, depth 64, unsigned integers only. */
    public static final JsonLimits SOFTETHER = new JsonLimits(16 << 20, 64, true);

    /** Plain RFC 8259 numbers, otherwise as {@link #SOFTETHER}. */
    public static final JsonLimits STANDARD = new JsonLimits(16 << 20, 64, false);

    public JsonLimits {
        if (maxLength < 1 || maxDepth < 1 || maxDepth > 1000) {
            throw new IllegalArgumentException("JSON limits: maxLength must be positive and maxDepth 1..1000, not "
                    + maxLength + " and " + maxDepth);
        }
    }

    public JsonLimits withMaxLength(int n) {
        return new JsonLimits(n, maxDepth, unsignedIntegersOnly);
    }

    public JsonLimits withMaxDepth(int n) {
        return new JsonLimits(maxLength, n, unsignedIntegersOnly);
    }
}
