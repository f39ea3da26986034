package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a Hugging Face tokenizer.json document and derives its {@link Vocabulary}. DJL exposes no
 * vocabulary accessor, so the vocabulary comes from the JSON itself: the model vocabulary plus {@code added_tokens},
 * which is what {@code get_vocab()} returns in Python.
 */
final class TokenizerDocumentReader {
    private TokenizerDocumentReader() {
    }

    /** Parses {@code file} into a JSON object, rejecting anything that is not one. */
    static ObjectNode parse(Path file) throws IOException {
        return parseObject(file, "must hold a JSON object with a 'model' section");
    }

    /** Parses a tokenizer.json held in memory; {@code source} names it in messages. */
    static ObjectNode parse(Path source, byte[] json) throws FileFormatException {
        JsonNode node;
        try {
            node = TokenizerJson.MAPPER.readTree(json);
        } catch (IOException e) {
            String problem = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
            throw new FileFormatException(source, "is not valid JSON: " + problem, e);
        }
        if (node == null || !node.isObject()) {
            throw new FileFormatException(source, "must hold a JSON object with a 'model' section");
        }
        return (ObjectNode) node;
    }

    /** Parses {@code file} into a JSON object; {@code whatItMustBe} completes the message when it is not one. */
    static ObjectNode parseObject(Path file, String whatItMustBe) throws IOException {
        JsonNode node;
        try {
            node = TokenizerJson.MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new FileFormatException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Jackson guesses UTF-16/32 from the first bytes and reports their bad characters this way.
            throw new FileFormatException(file, "is not valid JSON text: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new FileFormatException(file, whatItMustBe);
        }
        return (ObjectNode) node;
    }

    /** The model kind named by {@code model.type}. */
    static TokenizerKind kind(Path file, JsonNode document) throws FileFormatException {
        JsonNode model = document.get("model");
        if (model == null || !model.isObject()) {
            throw new FileFormatException(file, "has no 'model' object");
        }
        JsonNode type = model.get("type");
        if (type == null || !type.isTextual()) {
            throw new FileFormatException(file, "model.type is missing; expected WordPiece, BPE or Unigram");
        }
        TokenizerKind kind = TokenizerKind.fromJsonType(type.asText());
        if (kind == null) {
            throw new FileFormatException(file, "model.type '" + type.asText()
                    + "' is not supported; expected WordPiece, BPE or Unigram");
        }
        return kind;
    }

    /**
     * Checks the whole document and builds its vocabulary, with special-token roles from {@code settings} or, when
     * no config file names any, inferred by {@link SpecialTokenInference}.
     */
    static Vocabulary vocabulary(Path file, ObjectNode document, TokenizerSettings settings)
            throws FileFormatException {
        TokenizerKind kind = kind(file, document);
        PrecompiledCharsmapCheck.check(file, document.get("normalizer"));
        JsonNode model = document.get("model");
        List<String> modelTokens = ModelVocabularyReader.read(file, model, kind);
        Vocabulary.Builder builder = Vocabulary.builder(PipelineInspector.conventions(document, kind));
        Map<String, Integer> modelIds = HashMap.newHashMap(modelTokens.size());
        for (int id = 0; id < modelTokens.size(); id++) {
            String token = modelTokens.get(id);
            if (token == null) {
                builder.skipModelId();
            } else {
                builder.addModelToken(token);
                modelIds.put(token, id);
            }
        }
        AddedIds addedIds = readAddedTokens(file, document, modelIds, builder);
        appendMissingSpecialTokens(file, document, settings, addedIds, builder);
        Set<String> allTokens = new HashSet<>(modelIds.keySet());
        allTokens.addAll(addedIds.added.keySet());
        Map<SpecialTokenRole, String> roles = settings.namesSpecialTokens()
                ? settings.roles
                : SpecialTokenInference.infer(document, allTokens);
        roles.forEach(builder::specialToken);
        Vocabulary vocabulary;
        try {
            vocabulary = builder.build();
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
        PostProcessorCheck.check(file, document.get("post_processor"), vocabulary.size());
        return vocabulary;
    }

    /**
     * Special tokens named by the config files but missing from {@code added_tokens} are appended to the document,
     * as Hugging Face does when it loads such a tokenizer: a token the model lacks gets the next free id.
     */
    private static void appendMissingSpecialTokens(Path file, ObjectNode document, TokenizerSettings settings,
                                                   AddedIds ids, Vocabulary.Builder builder)
            throws FileFormatException {
        for (String token : settings.specialTokensInAddOrder()) {
            if (ids.added.containsKey(token)) {
                continue;
            }
            Integer modelId = ids.model.get(token);
            int id = ids.assign(file, "the special token", token);
            if (modelId != null) {
                builder.markSpecial(token);
            } else {
                builder.addAddedToken(token, id, true);
            }
            JsonNode added = document.get("added_tokens");
            ArrayNode list = added instanceof ArrayNode array ? array : document.putArray("added_tokens");
            list.add(AddedTokenJson.special(token, id));
        }
    }

    /**
     * The ids Hugging Face tokenizers gives added tokens (its {@code AddedVocabulary.add_tokens}): the id in the file
     * is not used. A token the model or an earlier entry already has keeps that id; a new one gets the number of
     * model tokens, or the largest added id + 1 once that is larger. With ids missing from the model vocabulary,
     * that id can be a model token's: the library then gives two tokens one id, so such a file is refused.
     */
    static final class AddedIds {
        final Map<String, Integer> model;
        final Map<String, Integer> added = new HashMap<>();
        private final Map<Integer, String> modelTokensById = new HashMap<>();
        private int largest = -1;

        AddedIds(Map<String, Integer> model) {
            this.model = model;
            model.forEach((token, id) -> modelTokensById.put(id, token));
        }

        int assign(Path file, String where, String token) throws FileFormatException {
            Integer known = added.get(token);
            if (known == null) {
                known = model.get(token);
            }
            int id;
            if (known != null) {
                id = known;
            } else {
                int modelCount = model.size();
                id = largest >= 0 && (largest >= modelCount || modelCount == 0) ? largest + 1 : modelCount;
                String owner = modelTokensById.get(id);
                if (owner != null) {
                    throw new FileFormatException(file, where + " '" + token + "' would get the id " + id
                            + " (Hugging Face gives a new added token the number of model tokens, " + modelCount
                            + ", or the next id after the added ones), but model.vocab gives " + id + " to '" + owner
                            + "': two tokens would share one id and one embedding row");
                }
            }
            added.put(token, id);
            largest = Math.max(largest, id);
            return id;
        }
    }

    private static AddedIds readAddedTokens(Path file, ObjectNode document, Map<String, Integer> modelIds,
                                            Vocabulary.Builder builder) throws FileFormatException {
        AddedIds ids = new AddedIds(modelIds);
        JsonNode added = document.get("added_tokens");
        if (added == null || added.isNull()) {
            return ids;
        }
        if (!added.isArray()) {
            throw new FileFormatException(file, "added_tokens must be a list");
        }
        for (int i = 0; i < added.size(); i++) {
            JsonNode entry = added.get(i);
            String where = "added_tokens[" + i + "]";
            if (!entry.isObject()) {
                throw new FileFormatException(file, where + " must be an object with 'id' and 'content'");
            }
            JsonNode id = entry.get("id");
            JsonNode content = entry.get("content");
            if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw new FileFormatException(file, where + " needs a non-negative integer 'id', found "
                        + ModelVocabularyReader.abbreviate(id));
            }
            if (content == null || !content.isTextual()) {
                throw new FileFormatException(file, where + " needs a non-empty string 'content'");
            }
            String token = content.asText();
            if (token.isEmpty()) {
                continue; // Hugging Face tokenizers skips an empty added token: it could never match
            }
            boolean special = entry.path("special").asBoolean(false);
            boolean seen = ids.added.containsKey(token);
            boolean inModel = modelIds.containsKey(token);
            int assigned = ids.assign(file, where, token);
            if (assigned != id.asInt()) {
                // The library uses its own id, so the document says so too: what is saved reads back the same.
                ((ObjectNode) entry).put("id", assigned);
            }
            if (seen) {
                continue; // a repeated entry adds nothing: the library gives it the id the first one got
            }
            if (!inModel) {
                builder.addAddedToken(token, assigned, special);
            } else if (special) {
                builder.markSpecial(token);
            }
        }
        return ids;
    }
}
