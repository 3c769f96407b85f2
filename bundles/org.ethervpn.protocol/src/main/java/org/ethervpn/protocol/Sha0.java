package org.ethervpn.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * SHA-0, the withdrawn 1993 Secure Hash Standard: SHA-1 without the one-bit rotation in the
 * message schedule. SoftEther still derives its password verifiers with it, and the JDK does not
 * provide it.
 *
 * <p>An instance is reusable: {@link #digest(byte[], int)} resets it, and after construction it
 * allocates nothing. Not thread-safe.
 */
public final class Sha0 {
    /** Digest size in bytes. */
    public static final int DIGEST_LENGTH = 20;

    private static final int BLOCK_LENGTH = 64;

    private final int[] schedule = new int[80];
    private final byte[] block = new byte[BLOCK_LENGTH];
    private int blockFill;
    private long totalBytes;
    private int h0;
    private int h1;
    private int h2;
    private int h3;
    private int h4;

    public Sha0() {
        reset();
    }

    /** One-shot digest of the concatenation of {@code parts}. */
    public static byte[] hash(byte[]... parts) {
        Sha0 sha = new Sha0();
        for (byte[] part : parts) {
            sha.update(part);
        }
        return sha.digest();
    }

    /** Forgets all input. */
    public void reset() {
        h0 = 0x67452301;
        h1 = 0xEFCDAB89;
        h2 = 0x98BADCFE;
        h3 = 0x10325476;
        h4 = 0xC3D2E1F0;
        blockFill = 0;
        totalBytes = 0;
    }

    public Sha0 update(byte b) {
        block[blockFill++] = b;
        totalBytes++;
        if (blockFill == BLOCK_LENGTH) {
            compress(block, 0);
            blockFill = 0;
        }
        return this;
    }

    public Sha0 update(byte[] data) {
        return update(data, 0, data.length);
    }

    public Sha0 update(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        totalBytes += length;
        if (blockFill > 0) {
            int n = Math.min(length, BLOCK_LENGTH - blockFill);
            System.arraycopy(data, offset, block, blockFill, n);
            blockFill += n;
            offset += n;
            length -= n;
            if (blockFill < BLOCK_LENGTH) {
                return this;
            }
            compress(block, 0);
            blockFill = 0;
        }
        // whole blocks straight from the caller's array, no copy
        while (length >= BLOCK_LENGTH) {
            compress(data, offset);
            offset += BLOCK_LENGTH;
            length -= BLOCK_LENGTH;
        }
        System.arraycopy(data, offset, block, 0, length);
        blockFill = length;
        return this;
    }

    /** Finishes the hash, writes the 20-byte digest at {@code out[offset]} and resets. */
    public void digest(byte[] out, int offset) {
        Objects.checkFromIndexSize(offset, DIGEST_LENGTH, out.length);
        long bitLength = totalBytes << 3;
        block[blockFill++] = (byte) 0x80;
        if (blockFill > BLOCK_LENGTH - 8) {
            Arrays.fill(block, blockFill, BLOCK_LENGTH, (byte) 0);
            compress(block, 0);
            blockFill = 0;
        }
        Arrays.fill(block, blockFill, BLOCK_LENGTH - 8, (byte) 0);
        for (int i = 0; i < 8; i++) {
            block[BLOCK_LENGTH - 1 - i] = (byte) (bitLength >>> (8 * i));
        }
        compress(block, 0);
        putInt(out, offset, h0);
        putInt(out, offset + 4, h1);
        putInt(out, offset + 8, h2);
        putInt(out, offset + 12, h3);
        putInt(out, offset + 16, h4);
        reset();
    }

    /** Finishes the hash and resets; returns a new 20-byte array. */
    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        digest(out, 0);
        return out;
    }

    private void compress(byte[] in, int offset) {
        int[] w = schedule;
        for (int t = 0; t < 16; t++) {
            int p = offset + 4 * t;
            w[t] = (in[p] & 0xFF) << 24 | (in[p + 1] & 0xFF) << 16 | (in[p + 2] & 0xFF) << 8 | in[p + 3] & 0xFF;
        }
        for (int t = 16; t < 80; t++) {
            // the only difference from SHA-1: no Integer.rotateLeft(..., 1) here
            w[t] = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
        }
        int a = h0;
        int b = h1;
        int c = h2;
        int d = h3;
        int e = h4;
        for (int t = 0; t < 80; t++) {
            int f;
            int k;
            if (t < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (t < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (t < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            int temp = Integer.rotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = Integer.rotateLeft(b, 30);
            b = a;
            a = temp;
        }
        h0 += a;
        h1 += b;
        h2 += c;
        h3 += d;
        h4 += e;
    }

    private static void putInt(byte[] out, int offset, int v) {
        out[offset] = (byte) (v >>> 24);
        out[offset + 1] = (byte) (v >>> 16);
        out[offset + 2] = (byte) (v >>> 8);
        out[offset + 3] = (byte) v;
    }
}
