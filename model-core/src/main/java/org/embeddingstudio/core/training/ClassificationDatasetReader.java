package org.embeddingstudio.core.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads sequence(-pair) classification data from CSV (RFC 4180 quoting), TSV (tab-separated, no quoting, as GLUE
 * ships MRPC) or JSONL (one JSON object per line). CSV and TSV have a header row naming the columns.
 */
public final class ClassificationDatasetReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which columns hold the text, the optional second text and the label. */
    public record Columns(String text, String pair, String label) {
        /** Common names: text/sentence/sentence1, text_pair/sentence2, label. */
        public static Columns guess(List<String> header) {
            return new Columns(first(header, "text", "sentence", "sentence1", "#1 String"),
                    first(header, "text_pair", "sentence2", "#2 String"),
                    first(header, "label", "labels", "Quality"));
        }

        private static String first(List<String> header, String... candidates) {
            for (String candidate : candidates) {
                if (header.contains(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    private ClassificationDatasetReader() {
    }

    /** The column names of a file (first row of CSV/TSV, keys of the first JSONL object). */
    public static List<String> header(Path file) throws IOException {
        List<List<String>> rows = rows(file, 1);
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    /** Reads every example. */
    public static List<LabeledExample> read(Path file, Columns columns) throws IOException {
        if (columns.text() == null || columns.label() == null) {
            throw new FileFormatException(file, "say which column holds the text and which the label; columns are "
                    + header(file));
        }
        List<List<String>> rows = rows(file, Integer.MAX_VALUE);
        if (rows.size() < 2) {
            throw new FileFormatException(file, "has no data rows");
        }
        List<String> header = rows.get(0);
        int text = index(file, header, columns.text());
        int pair = columns.pair() == null ? -1 : index(file, header, columns.pair());
        int label = index(file, header, columns.label());
        List<LabeledExample> examples = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            int needed = Math.max(text, Math.max(pair, label));
            if (row.size() <= needed) {
                throw new FileFormatException(file, "row " + (r + 1) + " has " + row.size() + " columns, the header "
                        + header.size());
            }
            examples.add(new LabeledExample(row.get(text), pair < 0 ? null : row.get(pair), row.get(label).strip()));
        }
        return examples;
    }

    private static int index(Path file, List<String> header, String column) throws FileFormatException {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new FileFormatException(file, "has no column '" + column + "'; columns are " + header);
        }
        return index;
    }

    static List<List<String>> rows(Path file, int limit) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "is not UTF-8 text; save the dataset as UTF-8", e);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return jsonl(file, content, limit);
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            List<List<String>> rows = new ArrayList<>();
            for (String line : content.split("\r?\n")) {
                if (rows.size() > limit) {
                    break;
                }
                rows.add(List.of(line.split("\t", -1)));
            }
            return rows;
        }
        return csv(file, content, limit);
    }

    private static List<List<String>> jsonl(Path file, String content, int limit) throws FileFormatException {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = null;
        String[] lines = content.split("\r?\n");
        for (int i = 0; i < lines.length && rows.size() <= limit; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines[i]);
            } catch (IOException e) {
                throw new FileFormatException(file, "line " + (i + 1) + " is not valid JSON", e);
            }
            if (!node.isObject()) {
                throw new FileFormatException(file, "line " + (i + 1) + " is not a JSON object");
            }
            if (header == null) {
                header = new ArrayList<>();
                node.fieldNames().forEachRemaining(header::add);
                rows.add(header);
            }
            List<String> row = new ArrayList<>();
            for (String key : header) {
                JsonNode value = node.get(key);
                row.add(value == null || value.isNull() ? "" : value.asText());
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> csv(Path file, String content, int limit) throws FileFormatException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        for (int i = 0; i < content.length() && rows.size() <= limit; i++) {
            char c = content.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < content.length() && content.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                line++;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new FileFormatException(file, "a quoted field opened before line " + line + " never closes");
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
