package org.ethervpn.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.ethervpn.pack.internal.Names;

/** One decoding run over the bytes of one PACK; see {@link PackCodec#decode(ByteBuffer, PackLimits)}. */
final class PackDecoder {
    /** Name field, type, count and one 4-byte value: the least an element can take. */
    private static final int MIN_ELEMENT_SIZE = 16;

    private final ByteBuffer in;
    private final int available;
    private final int end;
    private final PackLimits limits;
    private int pos;
    // what is being read, for error messages only (built when an error happens)
    private int elementIndex = -1;
    private String elementName;
    private ValueType valueType;
    private int valueIndex = -1;

    private PackDecoder(ByteBuffer src, PackLimits limits) {
        this.in = src.slice().order(ByteOrder.BIG_ENDIAN);
        this.available = in.remaining();
        this.end = Math.min(available, limits.maxPackSize());
        this.limits = limits;
    }

    /**
     * Decodes the PACK at {@code src}'s position and moves the position past it; on failure the
     * position is unchanged. With {@code whole}, bytes left over after the last element are an error.
     */
    static Pack decode(ByteBuffer src, PackLimits limits, boolean whole) throws PackException {
        PackDecoder d = new PackDecoder(src, limits);
        if (whole && d.available > limits.maxPackSize()) {
            throw new PackException("PACK of " + d.available + " bytes exceeds the limit of " + limits.maxPackSize() + " bytes", 0);
        }
        Pack pack = d.readPack();
        if (whole && d.pos != d.available) {
            throw new PackException((d.available - d.pos) + " bytes follow the last element of the PACK", d.pos);
        }
        src.position(src.position() + d.pos);
        return pack;
    }

    private Pack readPack() throws PackException {
        long count = u32("the element count");
        if (count > limits.maxElements()) {
            throw error("it declares " + count + " elements, more than the limit of " + limits.maxElements(), 0);
        }
        if (count * MIN_ELEMENT_SIZE > end - pos) {
            throw error("it declares " + count + " elements but only " + (end - pos)
                    + " bytes follow (an element takes at least " + MIN_ELEMENT_SIZE + ")", 0);
        }
        Pack pack = new Pack((int) count);
        for (int i = 0; i < count; i++) {
            readElement(pack, i);
        }
        return pack;
    }

    private void readElement(Pack pack, int index) throws PackException {
        int start = pos;
        elementIndex = index;
        elementName = null;
        valueType = null;
        valueIndex = -1;
        long nameField = u32("the name length");
        if (nameField == 0) {
            throw error("its name length field is 0; it must be the name length plus 1", start);
        }
        long nameLength = nameField - 1;
        need(nameLength, "the name");
        // SoftEther keeps 63 name bytes and, being C, stops at a NUL
        int significant = (int) Math.min(nameLength, Names.MAX_NAME_BYTES);
        int cut = 0;
        while (cut < significant && in.get(pos + cut) != 0) {
            cut++;
        }
        byte[] nameBytes = new byte[cut];
        in.get(pos, nameBytes);
        pos += (int) nameLength;
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        elementName = name;

        long code = u32("the value type");
        ValueType type = ValueType.ofCode(code);
        if (type == null) {
            throw error("its value type " + code + " is unknown (0 INT, 1 DATA, 2 STR, 3 UNISTR, 4 INT64)", pos - 4);
        }
        long count = u32("the value count");
        if (count == 0) {
            throw error("its value count is 0; an element has at least one value", pos - 4);
        }
        if (count > limits.maxValuesPerElement()) {
            throw error("it declares " + count + " values, more than the limit of " + limits.maxValuesPerElement(), pos - 4);
        }
        if (count * type.minWireSize() > end - pos) {
            throw error("it declares " + count + " " + type + " values but only " + (end - pos) + " bytes follow", pos - 4);
        }
        PackElement e = new PackElement(name, nameBytes, Names.key(nameBytes, 0, cut), type, (int) count);
        PackElement clash = pack.addDecoded(e);
        if (clash != null) {
            throw error("its name equals that of the earlier element '" + clash.name()
                    + "' ignoring case; such a PACK is invalid as a whole", start);
        }
        readValues(e, type, (int) count);
    }

    private void readValues(PackElement e, ValueType type, int count) throws PackException {
        switch (type) {
            case INT -> {
                for (int i = 0; i < count; i++, pos += 4) {
                    e.addInt(in.getInt(pos));
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++, pos += 8) {
                    e.addLong(in.getLong(pos));
                }
            }
            default -> {
                valueType = type;
                for (int i = 0; i < count; i++) {
                    valueIndex = i;
                    e.addBlob(readBytes(type));
                }
                valueIndex = -1;
            }
        }
    }

    private byte[] readBytes(ValueType type) throws PackException {
        long size = u32("its size");
        if (size > Integer.MAX_VALUE) {
            throw error("it declares " + size + " bytes, a negative size as a signed 32-bit number", pos - 4);
        }
        if (size > limits.maxValueSize()) {
            throw error("it has " + size + " bytes, more than the limit of " + limits.maxValueSize(), pos - 4);
        }
        need(size, "its bytes");
        int length = (int) size;
        int from = pos;
        pos += length;
        if (type == ValueType.UNISTR) {
            // the text ends at the NUL the writer counts in the size (or at the end if a peer left it out)
            int nul = from;
            while (nul < from + length && in.get(nul) != 0) {
                nul++;
            }
            length = nul - from;
        }
        byte[] bytes = new byte[length];
        in.get(from, bytes);
        return bytes;
    }

    private long u32(String what) throws PackException {
        need(4, what);
        long v = Integer.toUnsignedLong(in.getInt(pos));
        pos += 4;
        return v;
    }

    private void need(long n, String what) throws PackException {
        if (n > end - pos) {
            throw error(end < available
                    ? what + " (" + n + " bytes) would go past the PACK size limit of " + end + " bytes"
                    : "the input is truncated: " + what + " needs " + n + " bytes but only " + (end - pos) + " remain", pos);
        }
    }

    private PackException error(String message, int offset) {
        StringBuilder where = new StringBuilder("invalid PACK, ");
        if (elementIndex < 0) {
            where.append("PACK header");
        } else {
            where.append("element #").append(elementIndex);
            if (elementName != null) {
                where.append(" '").append(elementName).append('\'');
            }
            if (valueIndex >= 0) {
                where.append(", ").append(valueType).append(" value #").append(valueIndex);
            }
        }
        return new PackException(where.append(": ").append(message).toString(), offset);
    }
}
