package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code model} section of a tokenizer.json (and a GPT-2 {@code vocab.json}) and returns its tokens by
 * id. Everything the Rust tokenizers library would trip over is caught here first, so a broken file becomes a
 * {@link FileFormatException} naming the file, not a native error.
 */
final class ModelVocabularyReader {
    private ModelVocabularyReader() {
    }

    /** The model tokens of a tokenizer.json {@code model} section, index = id. */
    static List<String> read(Path file, JsonNode model, TokenizerKind kind) throws FileFormatException {
        return switch (kind) {
            case WORDPIECE -> readWordPiece(file, model);
            case BPE -> readBpe(file, model);
            case UNIGRAM -> readUnigram(file, model);
        };
    }

    private static List<String> readWordPiece(Path file, JsonNode model) throws FileFormatException {
        List<String> tokens = tokensById(file, model.get("vocab"), "model.vocab");
        optionalString(file, model, "continuing_subword_prefix");
        String unk = optionalString(file, model, "unk_token");
        // The Rust WordPiece model looks its unknown token up in its own vocabulary when it meets an unknown word.
        String unkToken = unk == null ? "[UNK]" : unk;
        if (!new HashSet<>(tokens).contains(unkToken)) {
            throw new FileFormatException(file, "model.unk_token '" + unkToken + "' is not in model.vocab");
        }
        return tokens;
    }

    private static List<String> readBpe(Path file, JsonNode model) throws FileFormatException {
        List<String> tokens = tokensById(file, model.get("vocab"), "model.vocab");
        Set<String> known = new HashSet<>(tokens);
        String prefix = optionalString(file, model, "continuing_subword_prefix");
        optionalString(file, model, "end_of_word_suffix");
        String unk = optionalString(file, model, "unk_token");
        if (unk != null && !known.contains(unk)) {
            throw new FileFormatException(file, "model.unk_token '" + unk + "' is not in model.vocab");
        }
        JsonNode merges = model.get("merges");
        if (merges == null || merges.isNull()) {
            return tokens;
        }
        if (!merges.isArray()) {
            throw new FileFormatException(file, "model.merges must be a list");
        }
        int prefixLength = prefix == null ? 0 : prefix.length();
        for (int i = 0; i < merges.size(); i++) {
            String[] pair = mergePair(merges.get(i));
            if (pair == null) {
                throw new FileFormatException(file, "model.merges[" + i + "] must be \"left right\" or [\"left\", "
                        + "\"right\"], found " + abbreviate(merges.get(i)));
            }
            checkMerge(file, "model.merges[" + i + "]", pair, known, prefixLength);
        }
        return tokens;
    }

    /** Both parts of a merge and their concatenation must be tokens, as the Rust BPE builder requires. */
    static void checkMerge(Path file, String where, String[] pair, Set<String> known, int prefixLength)
            throws FileFormatException {
        for (String part : pair) {
            if (!known.contains(part)) {
                throw new FileFormatException(file, where + " uses '" + part + "', which is not in the vocabulary");
            }
        }
        String right = pair[1].length() >= prefixLength ? pair[1].substring(prefixLength) : pair[1];
        if (!known.contains(pair[0] + right)) {
            throw new FileFormatException(file, where + " makes '" + pair[0] + right
                    + "', which is not in the vocabulary");
        }
    }

    /** A merge in either tokenizer.json form: the legacy "a b" string or the newer ["a", "b"] pair. */
    private static String[] mergePair(JsonNode merge) {
        if (merge.isTextual()) {
            String[] parts = merge.asText().split(" ", -1);
            return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
        }
        if (merge.isArray() && merge.size() == 2 && merge.get(0).isTextual() && merge.get(1).isTextual()) {
            return new String[] {merge.get(0).asText(), merge.get(1).asText()};
        }
        return null;
    }

    private static List<String> readUnigram(Path file, JsonNode model) throws FileFormatException {
        JsonNode vocab = model.get("vocab");
        if (vocab == null || !vocab.isArray()) {
            throw new FileFormatException(file, "model.vocab of a Unigram model must be a list of [piece, score]");
        }
        String[] tokens = new String[vocab.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < vocab.size(); i++) {
            JsonNode entry = vocab.get(i);
            if (!entry.isArray() || entry.size() != 2 || !entry.get(0).isTextual() || !entry.get(1).isNumber()) {
                throw new FileFormatException(file, "model.vocab[" + i + "] must be [piece, score], found "
                        + abbreviate(entry));
            }
            tokens[i] = entry.get(0).asText();
            if (!seen.add(tokens[i])) {
                throw new FileFormatException(file, "model.vocab[" + i + "] repeats the piece '" + tokens[i] + "'");
            }
        }
        JsonNode unkId = model.get("unk_id");
        if (unkId != null && !unkId.isNull()
                && (!unkId.canConvertToInt() || !unkId.isIntegralNumber() || unkId.asInt() < 0
                || unkId.asInt() >= tokens.length)) {
            throw new FileFormatException(file, "model.unk_id must be an index into model.vocab, found " + unkId);
        }
        return Arrays.asList(tokens);
    }

    /**
     * Tokens of a {token: id} object indexed by id, {@code null} at an id no token has. Ids are kept as they are,
     * gaps included, as Hugging Face tokenizers keeps them (roberta-base's vocab.json has no 50261–50263): the list
     * is as long as the largest id + 1. Refused: an id shared by two tokens (the Rust library silently keeps one, and
     * both would share an embedding row), negative or non-integer ids, and ids so far past the number of tokens that
     * most rows would have none ({@link #MAX_MISSING_IDS}), which only a broken file has.
     */
    static List<String> tokensById(Path file, JsonNode vocab, String where) throws FileFormatException {
        if (vocab == null || !vocab.isObject()) {
            throw new FileFormatException(file, where + " must be an object mapping each token to its id");
        }
        int entries = vocab.size();
        long limit = maxSize(entries);
        Map<Integer, String> byId = HashMap.newHashMap(entries);
        int largest = -1;
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            JsonNode id = entry.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new FileFormatException(file, where + " gives '" + entry.getKey()
                        + "' the id " + abbreviate(id) + "; ids must be integers");
            }
            int value = id.asInt();
            if (value < 0) {
                throw new FileFormatException(file, where + " gives '" + entry.getKey() + "' the negative id " + value);
            }
            if (value >= limit) {
                throw new FileFormatException(file, where + " gives '" + entry.getKey() + "' the id " + value
                        + " but has only " + entries + " tokens; at most " + MAX_MISSING_IDS
                        + " or as many ids as there are tokens may be without a token");
            }
            String previous = byId.putIfAbsent(value, entry.getKey());
            if (previous != null) {
                throw new FileFormatException(file, where + " gives the id " + value + " to both '" + previous
                        + "' and '" + entry.getKey() + "'");
            }
            largest = Math.max(largest, value);
        }
        String[] tokens = new String[largest + 1];
        byId.forEach((id, token) -> tokens[id] = token);
        return Arrays.asList(tokens);
    }

    /** Ids without a token that a vocabulary may have beyond one per token it holds; real files have a handful. */
    static final int MAX_MISSING_IDS = 100_000;

    /** The largest size (largest id + 1) a vocabulary of {@code entries} tokens may have. */
    static long maxSize(int entries) {
        return (long) entries + Math.max(entries, MAX_MISSING_IDS);
    }

    private static String optionalString(Path file, JsonNode model, String key) throws FileFormatException {
        JsonNode value = model.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new FileFormatException(file, "model." + key + " must be a string, found " + abbreviate(value));
        }
        return value.asText();
    }

    static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
