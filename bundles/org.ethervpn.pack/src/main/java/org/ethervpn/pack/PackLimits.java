package org.ethervpn.pack;

/**
 * Bounds a decoder enforces before trusting any count or length it reads. Every count is also
 * checked against the bytes actually left, so a lying header fails fast without allocating.
 *
 * @param maxPackSize largest encoded PACK in bytes
 * @param maxElements most elements in one PACK
 * @param maxValuesPerElement most values in one element
 * @param maxValueSize largest single DATA/STR/UNISTR value in bytes
 */
public record PackLimits(int maxPackSize, int maxElements, int maxValuesPerElement, int maxValueSize) {
    /** For general network use: 64 MiB, 4096 elements, 65 536 values, 64 MiB per value. */
    public static final PackLimits DEFAULT = new PackLimits(64 << 20, 4096, 65_536, 64 << 20);

    /** What a SoftEther server reads from a client over HTTP: a body of at most 64 KiB (spec §2.2). */
    public static final PackLimits HTTP_REQUEST = new PackLimits(65_536, 4096, 65_536, 65_536);

    /**
     * The 64-bit SoftEther limits (262 144 elements and values, 384 MiB per value) within a PACK of at
     * most 512 MiB, the largest an HTTP reply or admin RPC may carry.
     */
    public static final PackLimits SOFTETHER = new PackLimits(512 << 20, 262_144, 262_144, 384 << 20);

    public PackLimits {
        if (maxPackSize < 4 || maxElements < 0 || maxValuesPerElement < 1 || maxValueSize < 0) {
            throw new IllegalArgumentException("PACK limits must be positive (maxPackSize at least 4): " + maxPackSize
                    + ", " + maxElements + ", " + maxValuesPerElement + ", " + maxValueSize);
        }
    }

    public PackLimits withMaxPackSize(int n) {
        return new PackLimits(n, maxElements, maxValuesPerElement, maxValueSize);
    }

    public PackLimits withMaxElements(int n) {
        return new PackLimits(maxPackSize, n, maxValuesPerElement, maxValueSize);
    }

    public PackLimits withMaxValuesPerElement(int n) {
        return new PackLimits(maxPackSize, maxElements, n, maxValueSize);
    }

    public PackLimits withMaxValueSize(int n) {
        return new PackLimits(maxPackSize, maxElements, maxValuesPerElement, n);
    }
}
