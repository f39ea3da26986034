package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
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
     * The {@code added_tokens} list for special tokens of a vocabulary built from a vocab file: a token the model
     * has keeps its id, a missing one gets the next id in Hugging Face's order. Entries are sorted by id, as
     * Hugging Face writes them.
     *
     * @param modelIds        token → id of the model vocabulary
     * @param tokensInAddOrder special tokens in the order Hugging Face adds them
     * @param idsOut          receives token → id of every special token
     */
    static ArrayNode specialTokens(Map<String, Integer> modelIds, List<String> tokensInAddOrder,
                                   Map<String, Integer> idsOut) {
        TreeMap<Integer, String> byId = new TreeMap<>();
        int nextId = modelIds.size();
        for (String token : tokensInAddOrder) {
            Integer id = modelIds.get(token);
            byId.put(id != null ? id : nextId++, token);
        }
        ArrayNode list = TokenizerJson.MAPPER.createArrayNode();
        byId.forEach((id, token) -> {
            list.add(special(token, id));
            idsOut.put(token, id);
        });
        return list;
    }
}
