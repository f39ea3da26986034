package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The central directory of a zip file, including ZIP64, read without {@link java.util.zip.ZipFile} because we need
 * each entry's data offset: stored tensor data is then read straight from the channel into its final buffer.
 */
final class ZipDirectory {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    /** A torch checkpoint has a few entries per tensor; 64 MiB of directory is far beyond any real model. */
    private static final long MAX_DIRECTORY_BYTES = 64L << 20;

    /** One stored file: where its bytes are and how many there are. */
    record Entry(String name, int method, long size, long compressedSize, int crc, long localHeaderOffset) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long directoryOffset;
    private final Map<String, Entry> entries;

    private ZipDirectory(Path file, FileChannel channel, long directoryOffset, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.directoryOffset = directoryOffset;
        this.entries = entries;
    }

    /** Reads and checks the directory of the zip file open on {@code channel}. */
    static ZipDirectory read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        int tailLength = (int) Math.min(fileSize, EOCD_SIZE + 0xFFFF);
        ByteBuffer tail = ChannelIo.read(channel, fileSize - tailLength, tailLength, file);
        int eocd = -1;
        for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new FileFormatException(file, "not a zip archive (no end-of-central-directory record); torch files"
                    + " from before torch 1.6 (legacy format) are not supported");
        }
        long eocdPosition = fileSize - tailLength + eocd;
        long count = tail.getShort(eocd + 10) & 0xFFFF;
        long size = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
        long offset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
        long directoryEnd = eocdPosition;
        if (count == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) {
            if (eocdPosition < 20 + 56) {
                throw new FileFormatException(file, "the zip end record asks for ZIP64, but there is no room for it");
            }
            ByteBuffer locator = ChannelIo.read(channel, eocdPosition - 20, 20, file);
            if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                throw new FileFormatException(file, "the zip end record asks for ZIP64, but the locator is missing");
            }
            long zip64Position = locator.getLong(8);
            if (zip64Position < 0 || zip64Position > eocdPosition - 20 - 56) {
                throw new FileFormatException(file, "the ZIP64 end record offset " + zip64Position
                        + " is outside the file");
            }
            ByteBuffer zip64 = ChannelIo.read(channel, zip64Position, 56, file);
            if (zip64.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                throw new FileFormatException(file, "no ZIP64 end record where the locator points");
            }
            count = zip64.getLong(32);
            size = zip64.getLong(40);
            offset = zip64.getLong(48);
            directoryEnd = zip64Position;
        }
        if (size < 0 || offset < 0 || size > MAX_DIRECTORY_BYTES || offset > directoryEnd - size
                || count < 0 || count > size / 46) {
            throw new FileFormatException(file, "the zip central directory (" + size + " bytes at " + offset + ", "
                    + count + " entries) does not fit the file");
        }
        ByteBuffer directory = ChannelIo.read(channel, offset, (int) size, file);
        return new ZipDirectory(file, channel, offset, parseEntries(file, directory, (int) count, offset));
    }

    private static Map<String, Entry> parseEntries(Path file, ByteBuffer dir, int count, long directoryOffset)
            throws FileFormatException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (at + 46 > dir.limit() || dir.getInt(at) != CENTRAL_SIGNATURE) {
                throw new FileFormatException(file, "zip central directory entry " + i + " is damaged");
            }
            int method = dir.getShort(at + 10) & 0xFFFF;
            int crc = dir.getInt(at + 16);
            long compressed = dir.getInt(at + 20) & 0xFFFFFFFFL;
            long size = dir.getInt(at + 24) & 0xFFFFFFFFL;
            int nameLength = dir.getShort(at + 28) & 0xFFFF;
            int extraLength = dir.getShort(at + 30) & 0xFFFF;
            int commentLength = dir.getShort(at + 32) & 0xFFFF;
            long localOffset = dir.getInt(at + 42) & 0xFFFFFFFFL;
            int next = at + 46 + nameLength + extraLength + commentLength;
            if (next > dir.limit()) {
                throw new FileFormatException(file, "zip central directory entry " + i + " runs past the directory");
            }
            byte[] nameBytes = new byte[nameLength];
            dir.get(at + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // ZIP64: the extra field holds, in this order, only the fields whose 32-bit value is all ones.
            int extra = at + 46 + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = dir.getShort(extra) & 0xFFFF;
                int length = dir.getShort(extra + 2) & 0xFFFF;
                int field = extra + 4;
                if (field + length > extraEnd) {
                    break;
                }
                if (id == 0x0001) {
                    int fieldEnd = field + length;
                    if (size == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
                        size = dir.getLong(field);
                        field += 8;
                    }
                    if (compressed == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
                        compressed = dir.getLong(field);
                        field += 8;
                    }
                    if (localOffset == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
                        localOffset = dir.getLong(field);
                    }
                }
                extra += 4 + length;
            }
            if (size < 0 || compressed < 0 || localOffset < 0 || localOffset >= directoryOffset) {
                throw badEntry(file, name, "' has impossible sizes or offset");
            }
            entries.put(name, new Entry(name, method, size, compressed, crc, localOffset));
            at = next;
        }
        return entries;
    }

    /**
     * Checks {@code content}, the whole of {@code entry}, against the CRC-32 in the directory, as torch's own reader
     * does: a damaged checkpoint must not load as slightly wrong weights.
     */
    void checkCrc(Entry entry, ByteBuffer content) throws FileFormatException {
        CRC32 crc = new CRC32();
        crc.update(content.duplicate());
        if ((int) crc.getValue() != entry.crc()) {
            throw badEntry(file, entry.name(), "' is damaged: its CRC-32 does not match the archive directory");
        }
    }

    /** @param problem continues the message after the quoted name, starting with the closing quote */
    private static FileFormatException badEntry(Path file, String name, String problem) {
        return new FileFormatException(file, "zip entry '" + MessageText.printable(name) + problem);
    }

    /** All entries, in directory order. */
    Iterable<Entry> entries() {
        return entries.values();
    }

    /** The entry with exactly this name. */
    Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * Where the bytes of a stored (uncompressed) entry start, checked to lie before the central directory. Compressed
     * entries are refused: {@code torch.save} never compresses, and inflating would defeat reading in place.
     */
    long dataOffset(Entry entry) throws IOException {
        if (entry.method() != 0) {
            throw badEntry(file, entry.name(), "' is compressed (method "
                    + entry.method() + "); only stored entries, as torch.save writes them, are supported");
        }
        ByteBuffer local = ChannelIo.read(channel, entry.localHeaderOffset(), 30, file);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw badEntry(file, entry.name(), "' has no local header");
        }
        long start = entry.localHeaderOffset() + 30 + (local.getShort(26) & 0xFFFF) + (local.getShort(28) & 0xFFFF);
        if (entry.size() != entry.compressedSize() || start > directoryOffset - entry.size()) {
            throw badEntry(file, entry.name(), "' (" + entry.size() + " bytes) runs past the end of the archive data");
        }
        return start;
    }
}
