package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.util.Map;
import java.util.TreeMap;

/** Builds {@code added_tokens} entries in the exact shape the Hugging Face tokenizers library writes them. */
final class AddedTokenJson {
    private AddedTokenJson() {
    }

    /**
     * A special token entry. {@code normalized} is false so that, as in Hugging Face's converted tokenizers, the
     * token is matched in the raw text before lower-casing could change it.
     */
    static ObjectNode special(String content, int id) {
        ObjectNode entry = TokenizerJson.MAPPER.createObjectNode();
        entry.put("id", id);
        entry.put("content", content);
        entry.put("single_word", false);
        entry.put("lstrip", false);
        entry.put("rstrip", false);
        entry.put("normalized", false);
        entry.put("special", true);
        return entry;
    }

    /**
     * The {@code added_tokens} list of a tokenizer built from a vocab file, as Hugging Face's slow tokenizer would
     * set it up: first the tokens the config files declare with fixed ids, then the special tokens not placed yet
     * (a token the model has keeps its id, a missing one gets the next id, in Hugging Face's order). Entries are
     * sorted by id.
     *
     * @param modelIds token → id of the model vocabulary
     * @param settings the config files beside the vocab file
     * @param idsOut   receives token → id of every added token
     */
    static ArrayNode forVocabularyFile(Map<String, Integer> modelIds, TokenizerSettings settings,
                                       Map<String, Integer> idsOut) throws FileFormatException {
        TreeMap<Integer, ObjectNode> byId = new TreeMap<>();
        int expectedNewId = modelIds.size();
        for (TokenizerSettings.DeclaredToken declared : settings.declaredTokens.values()) {
            Integer modelId = modelIds.get(declared.content());
            // A token the vocabulary has keeps its id, wherever that is (roberta-base's <mask> 50264 lies past the
            // 50262 entries of its vocab.json); a new one takes the next free id.
            if (modelId == null && declared.id() >= modelIds.size() && declared.id() != expectedNewId++) {
                throw new FileFormatException(declared.declaredIn(), "gives '" + declared.content() + "' the id "
                        + declared.id() + ", but the next free id is " + (expectedNewId - 1));
            }
            if (modelId != null && modelId != declared.id()
                    || modelId == null && declared.id() < modelIds.size()) {
                throw new FileFormatException(declared.declaredIn(), "gives '" + declared.content() + "' the id "
                        + declared.id() + ", which the vocabulary uses for another token");
            }
            JsonNode flags = declared.entry();
            boolean special = flags.path("special").asBoolean(false);
            ObjectNode entry = special(declared.content(), declared.id());
            for (String flag : new String[] {"single_word", "lstrip", "rstrip"}) {
                entry.put(flag, flags.path(flag).asBoolean(false));
            }
            // Hugging Face normalizes added tokens unless they are special.
            entry.put("normalized", flags.path("normalized").asBoolean(!special));
            entry.put("special", special);
            byId.put(declared.id(), entry);
            idsOut.put(declared.content(), declared.id());
        }
        int nextId = Math.max(modelIds.size(), byId.isEmpty() ? 0 : byId.lastKey() + 1);
        for (String token : settings.specialTokensInAddOrder()) {
            if (idsOut.containsKey(token)) {
                continue;
            }
            Integer modelId = modelIds.get(token);
            int id = modelId != null ? modelId : nextId++;
            byId.put(id, special(token, id));
            idsOut.put(token, id);
        }
        ArrayNode list = TokenizerJson.MAPPER.createArrayNode();
        byId.values().forEach(list::add);
        return list;
    }
}
