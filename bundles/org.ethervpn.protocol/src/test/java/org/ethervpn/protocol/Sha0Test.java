package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha0Test {
    private static String sha0(String ascii) {
        return Hex.of(Sha0.hash(ascii.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void specVectors() {
        assertEquals("f96cea198ad1dd5617ac084a3d92c6107708c0ef", sha0(""));
        assertEquals("0164b8a914cd2a5e74c4f7ff082c4d97f1edf880", sha0("abc"));
    }

    @Test
    void millionA() {
        // the FIPS 180 long-message vector
        byte[] a = new byte[1_000_000];
        Arrays.fill(a, (byte) 'a');
        assertEquals("3232affa48628a26653b5aaa44541fd90d690603", Hex.of(Sha0.hash(a)));
    }

    /** Lengths around the padding and block boundaries; expected values from the reference probe. */
    @ParameterizedTest
    @CsvSource({
        "55, 3323141ea1ad7c836c6edc6344622d4c2bd810d6",
        "56, 9d885404f5ce6ee22ba5c04d1cacfbd534b559c6",
        "63, 5e9edbcea303e6cbdf1f5ba2a5ad95ece79eb3ed",
        "64, 2ae34a7ab7fe77c5599204f77203a43156937831",
        "65, e31ea48d501ec6ffa578965394a6f4359af06e4f",
        "119, 805a7e879a8bb19fc96642bbfe70265b742beab0",
        "120, fcf613efbe9a0975670f438a8678488a4cb608a0",
        "128, 712d5deb539deb1bc1ccd8386007ed5febf90c05",
        "1000, 4e434dd5ca402e03a397f8ded74d8f94509cf5ad"})
    void boundaryLengths(int n, String expected) {
        assertEquals(expected, Hex.of(Sha0.hash(pattern(n))));
    }

    @Test
    void chunkedUpdatesEqualOneShot() {
        SplittableRandom random = new SplittableRandom(7);
        Sha0 sha = new Sha0();
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(400)];
            random.nextBytes(data);
            byte[] expected = Sha0.hash(data);
            int offset = 0;
            while (offset < data.length) {
                int n = random.nextInt(data.length - offset + 1);
                if (n == 1) {
                    sha.update(data[offset]);
                } else {
                    sha.update(data, offset, n);
                }
                offset += n;
            }
            // the instance is reused across rounds: digest() must reset it
            assertArrayEquals(expected, sha.digest(), "length " + data.length);
        }
    }

    @Test
    void digestIntoOffsetAndReset() {
        Sha0 sha = new Sha0();
        sha.update("garbage".getBytes(StandardCharsets.US_ASCII));
        sha.reset();
        sha.update("abc".getBytes(StandardCharsets.US_ASCII));
        byte[] out = new byte[25];
        sha.digest(out, 3);
        assertEquals("0164b8a914cd2a5e74c4f7ff082c4d97f1edf880", Hex.of(Arrays.copyOfRange(out, 3, 23)));
        assertEquals("f96cea198ad1dd5617ac084a3d92c6107708c0ef", Hex.of(sha.digest()));
    }

    private static byte[] pattern(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 7 + 3);
        }
        return d;
    }
}
