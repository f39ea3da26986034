package org.embeddingstudio.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bytes of a pickle and a read position. Every read checks what is left first, so a length field claiming more
 * than the pickle holds fails before anything is allocated.
 */
final class PickleInput {
    private static final int MAX_GLOBAL_NAME = 256;

    private final Path file;
    private final ByteBuffer in;

    PickleInput(Path file, byte[] pickle) {
        this.file = file;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    int position() {
        return in.position();
    }

    int u8() throws FileFormatException {
        need(1, "a byte");
        return in.get() & 0xFF;
    }

    int u16() throws FileFormatException {
        need(2, "an argument");
        return in.getShort() & 0xFFFF;
    }

    int int32() throws FileFormatException {
        need(4, "an argument");
        return in.getInt();
    }

    long u32() throws FileFormatException {
        return int32() & 0xFFFFFFFFL;
    }

    long int64() throws FileFormatException {
        need(8, "an argument");
        return in.getLong();
    }

    /** BINFLOAT is the one big-endian number in a pickle. */
    double bigEndianDouble() throws FileFormatException {
        need(8, "a float");
        return Double.longBitsToDouble(Long.reverseBytes(in.getLong()));
    }

    /** A little-endian two's complement integer of {@code n} bytes (LONG1), at most 8. */
    long signed(int n) throws FileFormatException {
        need(n, "an integer");
        long value = 0;
        for (int i = 0; i < n; i++) {
            value |= (in.get() & 0xFFL) << (8 * i);
        }
        return n == 0 || n == 8 ? value : (value << (64 - 8 * n)) >> (64 - 8 * n);
    }

    void skip(int n) throws FileFormatException {
        need(n, "an argument");
        in.position(in.position() + n);
    }

    /** Exactly {@code length} bytes, refused before allocation when the pickle does not have them. */
    byte[] bytes(long length) throws FileFormatException {
        if (length < 0 || length > in.remaining()) {
            throw new FileFormatException(file, "damaged pickle at byte " + in.position() + ": a string of " + length
                    + " bytes in a pickle with " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return bytes;
    }

    String utf8(long length) throws FileFormatException {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    /** A newline-terminated name, as the text GLOBAL opcode has them. */
    String line() throws FileFormatException {
        int start = in.position();
        for (int i = start; i < in.limit() && i - start <= MAX_GLOBAL_NAME; i++) {
            if (in.get(i) == '\n') {
                String text = utf8(i - start);
                in.get();
                return text;
            }
        }
        throw new FileFormatException(file, "damaged pickle at byte " + start
                + ": GLOBAL without a short newline-terminated name");
    }

    private void need(int n, String what) throws FileFormatException {
        if (in.remaining() < n) {
            throw new FileFormatException(file, "the pickle ends at byte " + in.position() + " where " + what
                    + " was expected");
        }
    }
}
