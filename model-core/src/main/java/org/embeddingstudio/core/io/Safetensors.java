package org.embeddingstudio.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes <a href="https://github.com/huggingface/safetensors">safetensors</a> files: an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the data.
 *
 * <p>Reading checks the whole header against the file before any tensor memory is allocated, so a damaged or hostile
 * file is refused with a {@link FileFormatException} instead of exhausting memory. {@link #read} copies each tensor
 * into its own heap buffer; {@link #map} instead returns read-only views of the file mapped into memory, which saves
 * the copy when the bytes go straight on to an engine (DJL takes direct buffers without copying them again).
 */
public final class Safetensors {
    /** The same cap as the reference implementation: real headers are kilobytes, not hundreds of megabytes. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";
    /** Duplicate names are refused: with last-one-wins, a second entry could silently hide the first tensor. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * What a safetensors file holds.
     *
     * @param tensors  tensors by name, in the order of the file's header
     * @param metadata the free-form {@code __metadata__} strings (empty if absent)
     */
    public record Contents(LinkedHashMap<String, HostTensor> tensors, Map<String, String> metadata) {
    }

    private Safetensors() {
    }

    /**
     * Reads every tensor of {@code file} into its own heap buffer; a file that does not follow the format is a
     * {@link FileFormatException}. The tensors do not depend on the file afterwards.
     */
    public static Contents read(Path file) throws IOException {
        return load(file, false);
    }

    /**
     * Validates {@code file} like {@link #read} but returns tensors whose data are read-only, memory-mapped views of
     * the file. Lifetime: a mapping lasts until its buffers are garbage collected, not until this method returns.
     * While they are reachable the file must not be changed in place (our writers never do: they replace the file
     * through {@link AtomicFiles}, and on Linux and macOS the views keep seeing the old content), and on Windows the
     * file cannot be replaced or deleted. Use it for load-and-convert paths, and {@link #read} for anything kept.
     */
    public static Contents map(Path file) throws IOException {
        return load(file, true);
    }

    /** A validated header and where the data area starts in the file. */
    record Layout(SafetensorsHeader header, long dataStart) {
    }

    /** Reads and validates the header of an open file. */
    static Layout layout(FileChannel channel, Path file) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new FileFormatException(file, "not a safetensors file: " + fileSize
                    + " bytes is shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ChannelIo.read(channel, 0, 8, file);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
            throw new FileFormatException(file, "the header claims to be " + Long.toUnsignedString(headerLength)
                    + " bytes long, but the file has only " + (fileSize - 8) + " bytes after the length field"
                    + " (and headers are at most " + MAX_HEADER_BYTES + " bytes)");
        }
        ByteBuffer headerBytes = ChannelIo.read(channel, 8, (int) headerLength, file);
        byte[] header = new byte[(int) headerLength];
        headerBytes.get(header);
        long dataStart = 8 + headerLength;
        return new Layout(SafetensorsHeader.parse(file, parseJson(file, header), fileSize - dataStart), dataStart);
    }

    private static Contents load(Path file, boolean mapped) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(channel, file);
            SafetensorsHeader parsed = layout.header();
            long dataStart = layout.dataStart();
            LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry entry : parsed.entries()) {
                long position = dataStart + entry.begin();
                int length = Math.toIntExact(entry.end() - entry.begin());
                ByteBuffer data = mapped
                        ? channel.map(FileChannel.MapMode.READ_ONLY, position, length).order(ByteOrder.LITTLE_ENDIAN)
                        : ChannelIo.read(channel, position, length, file);
                tensors.put(entry.name(), new HostTensor(entry.dtype(), entry.shape(), data));
            }
            return new Contents(tensors, Collections.unmodifiableMap(parsed.metadata()));
        }
    }

    /**
     * Writes {@code tensors} in map order, atomically through {@link AtomicFiles}.
     *
     * @param metadata strings stored under {@code __metadata__}; may be empty
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = headerFor(tensors, metadata);
        AtomicFiles.write(file, temporary -> {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).put(header).flip();
                ChannelIo.write(channel, prefix);
                for (HostTensor tensor : tensors.values()) {
                    ChannelIo.write(channel, tensor.data());
                }
            }
        });
    }

    /** The JSON header, padded with spaces so the data area starts 8-byte aligned (as the reference writer does). */
    private static byte[] headerFor(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> named : tensors.entrySet()) {
            if (METADATA_KEY.equals(named.getKey())) {
                throw new IllegalArgumentException(METADATA_KEY + " is reserved and cannot name a tensor");
            }
            HostTensor tensor = named.getValue();
            ObjectNode info = root.putObject(named.getKey());
            info.put("dtype", tensor.dtype().safetensorsName());
            ArrayNode shape = info.putArray("shape");
            for (long size : tensor.shape()) {
                shape.add(size);
            }
            long end = offset + tensor.byteSize();
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static JsonNode parseJson(Path file, byte[] header) throws FileFormatException {
        try {
            JsonNode node = JSON.readTree(new String(header, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new FileFormatException(file, "the safetensors header is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new FileFormatException(file, "the safetensors header is not well-formed JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
