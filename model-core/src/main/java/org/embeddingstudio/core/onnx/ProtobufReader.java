package org.embeddingstudio.core.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * A cursor over one protobuf message in a byte buffer: the wire format only (varints, fixed 32/64-bit values and
 * length-delimited fields), no schema. Every read is checked against the message's end, so truncated or garbled
 * bytes become a {@link ProtobufException} that says where, never an index error.
 *
 * <p>See https://protobuf.dev/programming-guides/encoding/ for the format.
 */
final class ProtobufReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer bytes;
    private final int end;
    private int position;
    private int field;
    private int wireType;

    private ProtobufReader(ByteBuffer bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** A reader of the whole buffer (position 0 to its limit) as one message. */
    static ProtobufReader of(ByteBuffer bytes) {
        return new ProtobufReader(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN), 0, bytes.limit());
    }

    /** Whether another field follows; if so, {@link #field()} and {@link #wireType()} describe it. */
    boolean next() {
        if (position >= end) {
            return false;
        }
        int at = position;
        long tag = readVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field <= 0 || tag >>> 3 > Integer.MAX_VALUE) {
            throw new ProtobufException("invalid field number " + (tag >>> 3) + " at byte " + at);
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            // 3 and 4 are the long-deprecated groups, which ONNX never uses; 6 and 7 do not exist.
            throw new ProtobufException("unsupported wire type " + wireType + " of field " + field + " at byte " + at);
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1, "varint");
            byte b = bytes.get(position++);
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtobufException("varint longer than 10 bytes before byte " + position);
    }

    /** The current varint field as a {@code long}. */
    long readVarintField(String what) {
        expect(VARINT, what);
        return readVarint();
    }

    /** The current varint field as an {@code int}, rejecting values that do not fit. */
    int readInt(String what) {
        expect(VARINT, what);
        long value = readVarint();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ProtobufException(what + " " + value + " is out of range");
        }
        return (int) value;
    }

    float readFloat(String what) {
        expect(FIXED32, what);
        require(4, what);
        float value = bytes.getFloat(position);
        position += 4;
        return value;
    }

    /** The current length-delimited field as a view of the same memory (no copy). */
    ByteBuffer readBytes(String what) {
        expect(LENGTH_DELIMITED, what);
        int length = readLength(what);
        ByteBuffer view = bytes.slice(position, length).order(ByteOrder.LITTLE_ENDIAN);
        position += length;
        return view;
    }

    String readString(String what) {
        ByteBuffer view = readBytes(what);
        byte[] utf8 = new byte[view.remaining()];
        view.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The current length-delimited field as a nested message. */
    ProtobufReader readMessage(String what) {
        expect(LENGTH_DELIMITED, what);
        int length = readLength(what);
        ProtobufReader nested = new ProtobufReader(bytes, position, position + length);
        position += length;
        return nested;
    }

    /** A repeated integer field, packed (one length-delimited run) or not (one varint per occurrence). */
    void readInts(String what, LongConsumer sink) {
        if (wireType == VARINT) {
            sink.accept(readVarint());
            return;
        }
        ProtobufReader packed = readMessage(what);
        while (packed.position < packed.end) {
            sink.accept(packed.readVarint());
        }
    }

    /** A repeated float field, packed or not. */
    void readFloats(String what, FloatSink sink) {
        if (wireType == FIXED32) {
            sink.accept(readFloat(what));
            return;
        }
        ByteBuffer packed = readBytes(what);
        if (packed.remaining() % 4 != 0) {
            throw new ProtobufException(what + ": packed floats of " + packed.remaining() + " bytes");
        }
        while (packed.hasRemaining()) {
            sink.accept(packed.getFloat());
        }
    }

    /** Skips the current field, whatever it is. */
    void skip() {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8, "fixed64 field " + field);
            case FIXED32 -> advance(4, "fixed32 field " + field);
            default -> advance(readLength("field " + field), "field " + field);
        }
    }

    /** Receives floats without boxing. */
    @FunctionalInterface
    interface FloatSink {
        void accept(float value);
    }

    private int readLength(String what) {
        long length = readVarint();
        if (length < 0 || length > end - position) {
            throw new ProtobufException(what + " claims " + length + " bytes at byte " + position + " but only "
                    + (end - position) + " remain");
        }
        return (int) length;
    }

    private void advance(int count, String what) {
        require(count, what);
        position += count;
    }

    private void require(int count, String what) {
        if (end - position < count) {
            throw new ProtobufException("truncated " + what + " at byte " + position);
        }
    }

    private void expect(int expectedWireType, String what) {
        if (wireType != expectedWireType) {
            throw new ProtobufException(what + " (field " + field + ") has wire type " + wireType + ", expected "
                    + expectedWireType);
        }
    }
}
