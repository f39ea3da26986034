package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip of uncompressed entries the way {@code torch.save} does: every entry's data starts on a 64-byte
 * boundary (padding goes into an extra field with id "FB"), so readers can map tensor data directly. ZIP64 records
 * are written for anything past 4 GiB. We write the zip ourselves because {@link java.util.zip.ZipOutputStream}
 * can neither align entries nor write large buffers without copying them through a stream.
 */
final class StoredZipWriter {
    static final int ALIGNMENT = 64;
    private static final long MAX_32 = 0xFFFFFFFFL;
    private static final int ALIGNMENT_EXTRA_ID = 0x4246; // "FB", as torch's writer uses

    private record Written(byte[] name, long offset, long size, int crc, boolean zip64) {
    }

    private final FileChannel channel;
    private final boolean forceZip64;
    private final List<Written> written = new ArrayList<>();

    /** @param forceZip64 write ZIP64 records even for small archives (for testing readers) */
    StoredZipWriter(FileChannel channel, boolean forceZip64) {
        this.channel = channel;
        this.forceZip64 = forceZip64;
    }

    /** Appends one stored entry holding the remaining bytes of {@code data}. */
    void add(String name, ByteBuffer data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long offset = channel.position();
        long size = data.remaining();
        boolean zip64 = forceZip64 || size >= MAX_32 || offset >= MAX_32;
        CRC32 crc32 = new CRC32();
        crc32.update(data.duplicate());
        int crc = (int) crc32.getValue();

        int zip64Extra = zip64 ? 20 : 0;
        long beforePadding = offset + 30 + nameBytes.length + zip64Extra + 4;
        int padding = (int) ((ALIGNMENT - beforePadding % ALIGNMENT) % ALIGNMENT);
        ByteBuffer header = le(30 + nameBytes.length + zip64Extra + 4 + padding);
        header.putInt(0x04034b50).putShort(version(zip64)).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort(DOS_DATE).putInt(crc)
                .putInt(zip64 ? -1 : (int) size).putInt(zip64 ? -1 : (int) size)
                .putShort((short) nameBytes.length).putShort((short) (zip64Extra + 4 + padding)).put(nameBytes);
        if (zip64) {
            header.putShort((short) 0x0001).putShort((short) 16).putLong(size).putLong(size);
        }
        header.putShort((short) ALIGNMENT_EXTRA_ID).putShort((short) padding);
        for (int i = 0; i < padding; i++) {
            header.put((byte) 'Z');
        }
        ChannelIo.write(channel, header.flip());
        ChannelIo.write(channel, data);
        written.add(new Written(nameBytes, offset, size, crc, zip64));
    }

    /** Writes the central directory and end records; the archive is complete afterwards. */
    void finish() throws IOException {
        long directoryOffset = channel.position();
        for (Written entry : written) {
            int zip64Extra = entry.zip64 ? 28 : 0;
            ByteBuffer central = le(46 + entry.name.length + zip64Extra);
            central.putInt(0x02014b50).putShort(version(entry.zip64)).putShort(version(entry.zip64))
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort(DOS_DATE).putInt(entry.crc)
                    .putInt(entry.zip64 ? -1 : (int) entry.size).putInt(entry.zip64 ? -1 : (int) entry.size)
                    .putShort((short) entry.name.length).putShort((short) zip64Extra).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(entry.zip64 ? -1 : (int) entry.offset).put(entry.name);
            if (entry.zip64) {
                central.putShort((short) 0x0001).putShort((short) 24)
                        .putLong(entry.size).putLong(entry.size).putLong(entry.offset);
            }
            ChannelIo.write(channel, central.flip());
        }
        long directoryEnd = channel.position();
        long directorySize = directoryEnd - directoryOffset;
        boolean zip64 = forceZip64 || written.size() >= 0xFFFF || directoryOffset >= MAX_32 || directorySize >= MAX_32;
        if (zip64) {
            ByteBuffer end64 = le(56 + 20);
            end64.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(written.size()).putLong(written.size()).putLong(directorySize).putLong(directoryOffset);
            end64.putInt(0x07064b50).putInt(0).putLong(directoryEnd).putInt(1);
            ChannelIo.write(channel, end64.flip());
        }
        ByteBuffer end = le(22);
        short count = zip64 ? (short) -1 : (short) written.size();
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count)
                .putInt(zip64 ? -1 : (int) directorySize).putInt(zip64 ? -1 : (int) directoryOffset)
                .putShort((short) 0);
        ChannelIo.write(channel, end.flip());
    }

    /** 1980-01-01, the earliest valid DOS date; torch writes no meaningful timestamps either. */
    private static final short DOS_DATE = (short) ((1 << 5) | 1);

    private static short version(boolean zip64) {
        return (short) (zip64 ? 45 : 20);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
