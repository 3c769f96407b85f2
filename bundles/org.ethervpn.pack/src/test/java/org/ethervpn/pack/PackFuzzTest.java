package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonReader;
import org.junit.jupiter.api.Test;

/** Random mutations of valid PACKs: the decoder yields a Pack or a PackException, nothing else. */
class PackFuzzTest {
    private static final PackLimits LIMITS = PackLimits.DEFAULT.withMaxElements(64).withMaxValuesPerElement(64).withMaxValueSize(4096);

    private static List<byte[]> seeds() throws Exception {
        Pack rich = new Pack().addInt("i", 1).addInt64("l", 2).addStr("s", "x").addUniStr("u", "é")
                .addData("d", new byte[] {1, 2, 3}).addIp("ip", InetAddress.getByName("10.1.2.3"))
                .addIp("ip6", InetAddress.getByName("2001:db8::1")).appendStr("a", "p").appendStr("a", "q");
        return List.of(Hex.bytes(TestVectorsTest.TV2), Hex.bytes(TestVectorsTest.TV3), Hex.bytes(TestVectorsTest.TV4),
                Hex.bytes(TestVectorsTest.TV5), Hex.bytes(TestVectorsTest.TV6), PackCodec.encode(rich));
    }

    @Test
    void mutationsYieldAPackOrAPackException() throws Exception {
        Random random = new Random(0x5eed);
        List<byte[]> seeds = seeds();
        int decoded = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < 20_000; iteration++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Pack p;
            try {
                p = PackCodec.decode(input, LIMITS);
            } catch (PackException e) {
                rejected++;
                assertTrue(e.offset() >= 0 && e.offset() <= input.length, e.getMessage());
                continue;
            }
            decoded++;
            // whatever decodes re-encodes to a PACK that decodes to the same content
            byte[] again = PackCodec.encode(p);
            assertEquals(p, PackCodec.decode(again, PackLimits.SOFTETHER));
            assertArrayEquals(again, PackCodec.encode(PackCodec.decode(again, PackLimits.SOFTETHER)));
            // and maps to JSON and back without any exception other than JsonException
            try {
                PackJson.fromJsonObject(PackJson.toJsonObject(p));
            } catch (JsonException expected) {
                // e.g. a decoded name that is not valid as a JSON-created element
            }
        }
        assertTrue(decoded > 100 && rejected > 100, decoded + " decoded, " + rejected + " rejected");
    }

    @Test
    void randomTextNeverBreaksTheJsonReader() {
        Random random = new Random(7);
        String alphabet = "{}[]\":,0123456789-+.eEtrufalsn \\u\t\n_abcé";
        for (int iteration = 0; iteration < 5_000; iteration++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            try {
                JsonReader.parse(new String(chars));
            } catch (JsonException expected) {
                assertTrue(expected.offset() >= 0);
            }
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> {
                int at = random.nextInt(b.length);
                b[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length + 8));
            case 3 -> {
                // overwrite a 32-bit field with an interesting value
                int at = random.nextInt(Math.max(1, b.length - 3)) & ~3;
                int[] values = {0, 1, 2, 0x3f, 0x40, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 5, 0x10000};
                int v = values[random.nextInt(values.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (24 - 8 * i));
                }
            }
            case 4 -> {
                for (int n = random.nextInt(8) + 1; n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                // splice: repeat or drop a random range
                int from = random.nextInt(b.length);
                int to = from + random.nextInt(b.length - from);
                byte[] out = new byte[b.length + (random.nextBoolean() ? to - from : from - to)];
                if (out.length > b.length) {
                    System.arraycopy(b, 0, out, 0, to);
                    System.arraycopy(b, from, out, to, b.length - from);
                } else {
                    System.arraycopy(b, 0, out, 0, from);
                    System.arraycopy(b, to, out, from, b.length - to);
                }
                b = out;
            }
        }
        return b;
    }
}
