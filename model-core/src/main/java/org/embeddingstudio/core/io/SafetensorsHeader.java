package org.embeddingstudio.core.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed and fully validated safetensors header: every entry is known to fit the data area exactly. */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {

    /** One tensor's place in the data area, relative to its start. */
    record Entry(String name, TensorDType dtype, long[] shape, long begin, long end) {
    }

    /**
     * Validates {@code root} against a data area of {@code dataSize} bytes. The reference implementation's rules are
     * enforced: known dtypes, non-negative shapes, {@code end - begin == numel * size}, and the entries cover the data
     * area without gaps or overlaps.
     */
    static SafetensorsHeader parse(Path file, JsonNode root, long dataSize) throws FileFormatException {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if ("__metadata__".equals(field.getKey())) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(readEntry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkCoverage(file, entries, dataSize);
        return new SafetensorsHeader(entries, metadata);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata)
            throws FileFormatException {
        if (!node.isObject()) {
            throw new FileFormatException(file, "__metadata__ must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> item = it.next();
            if (!item.getValue().isTextual()) {
                throw new FileFormatException(file, "__metadata__ value of '" + MessageText.printable(item.getKey())
                        + "' is not a string");
            }
            metadata.put(item.getKey(), item.getValue().textValue());
        }
    }

    private static Entry readEntry(Path file, String name, JsonNode node, long dataSize) throws FileFormatException {
        String where = "tensor '" + MessageText.printable(name) + "': ";
        if (!node.isObject()) {
            throw new FileFormatException(file, where + "header entry is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new FileFormatException(file, where + "dtype is missing");
        }
        TensorDType dtype = TensorDType.fromSafetensorsName(dtypeNode.textValue()).orElseThrow(() ->
                new FileFormatException(file, where + "unknown dtype '"
                        + MessageText.printable(dtypeNode.textValue()) + "'"));
        long[] shape = longArray(file, where + "shape", node.get("shape"), -1);
        long[] offsets = longArray(file, where + "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw new FileFormatException(file, where + "data_offsets [" + begin + ", " + end
                    + "] lie outside the data area of " + dataSize + " bytes");
        }
        long expected;
        try {
            expected = Math.multiplyExact(HostTensor.numelOf(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new FileFormatException(file, where + "shape is too large to count its elements");
        }
        if (end - begin != expected) {
            throw new FileFormatException(file, where + "holds " + (end - begin) + " bytes, but its shape and dtype"
                    + " need " + expected);
        }
        if (expected > Integer.MAX_VALUE) {
            throw new FileFormatException(file, where + "is " + expected + " bytes, over the 2 GiB limit per tensor");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Reads an array of non-negative integers; {@code length < 0} accepts any length. */
    private static long[] longArray(Path file, String what, JsonNode node, int length) throws FileFormatException {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new FileFormatException(file, what + " must be an array" + (length >= 0 ? " of " + length : "")
                    + " of non-negative integers");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode item = node.get(i);
            // canConvertToLong rejects integers beyond 64 bits instead of wrapping them.
            if (!item.isIntegralNumber() || !item.canConvertToLong() || item.longValue() < 0) {
                throw new FileFormatException(file, what + " holds " + item + ", not a non-negative 64-bit integer");
            }
            values[i] = item.longValue();
        }
        return values;
    }

    /** The reference reader refuses gaps and overlaps, since either hides data that no tensor accounts for. */
    private static void checkCoverage(Path file, List<Entry> entries, long dataSize) throws FileFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expectedBegin = 0;
        for (Entry entry : byOffset) {
            if (entry.begin() != expectedBegin) {
                throw new FileFormatException(file, "tensor '" + MessageText.printable(entry.name())
                        + "' starts at byte " + entry.begin()
                        + " of the data area, but the previous tensor ends at " + expectedBegin
                        + (entry.begin() < expectedBegin ? " (overlapping data)" : " (a gap)"));
            }
            expectedBegin = entry.end();
        }
        if (expectedBegin != dataSize) {
            throw new FileFormatException(file, "the tensors cover " + expectedBegin + " bytes, but the data area has "
                    + dataSize + " bytes");
        }
    }
}
