package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.ethervpn.pack.json.JsonException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer target: a PACK from a peer (handshake bodies, admin RPC frames). Contract: a {@link Pack}
 * or a {@link PackException} with an offset inside the input, nothing else, and nothing allocated
 * beyond the limits. A plain build replays {@code PackCodecFuzzTestInputs/decode/} (seeds and past
 * findings); {@code releng/fuzz.sh} fuzzes.
 */
class PackCodecFuzzTest {
    /** What the server reads over HTTP during the handshake: 64 KiB bounds every allocation. */
    private static final PackLimits LIMITS = PackLimits.HTTP_REQUEST;

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void decode(byte[] input) throws PackException {
        Pack pack;
        try {
            pack = PackCodec.decode(input, LIMITS);
        } catch (PackException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, e.getMessage());
            return;
        }
        // what decodes encodes to the same bytes (decode drops nothing it does not also reject)
        byte[] again = PackCodec.encode(pack);
        assertEquals(pack, PackCodec.decode(again, PackLimits.SOFTETHER));
        // SoftEther's reading (trailing bytes ignored) agrees on what the PACK is
        ByteBuffer buffer = ByteBuffer.wrap(input);
        assertEquals(pack, PackCodec.decodePrefix(buffer, LIMITS));
        assertEquals(input.length, buffer.position());
        // a decoded PACK is shown to JSON-RPC clients: that mapping, and back, may only refuse with JsonException
        String json = PackJson.toJson(pack, true);
        try {
            PackJson.fromJson(json);
        } catch (JsonException expected) {
            // e.g. a name that only a PACK can carry
        }
    }
}
