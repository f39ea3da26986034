package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks the post-processor of a tokenizer.json before the native library sees it. The Rust library reads a
 * TemplateProcessing without checking that its templates name only tokens of its {@code special_tokens} map, and
 * panics, aborting the JVM, on the first text it encodes with a template naming another one. The ids it adds must
 * also be ids of the vocabulary, or every encoding would hold rows the embedding does not have.
 */
final class PostProcessorCheck {
    private PostProcessorCheck() {
    }

    static void check(Path file, JsonNode processor, int vocabularySize) throws FileFormatException {
        if (processor == null || !processor.isObject()) {
            return;
        }
        switch (processor.path("type").asText("")) {
            case "TemplateProcessing" -> checkTemplate(file, processor, vocabularySize);
            case "BertProcessing", "RobertaProcessing" -> {
                checkPair(file, processor.get("sep"), "sep", vocabularySize);
                checkPair(file, processor.get("cls"), "cls", vocabularySize);
            }
            case "Sequence" -> {
                for (JsonNode inner : processor.path("processors")) {
                    check(file, inner, vocabularySize);
                }
            }
            default -> { }
        }
    }

    private static void checkTemplate(Path file, JsonNode processor, int vocabularySize) throws FileFormatException {
        JsonNode specials = processor.path("special_tokens");
        for (Iterator<Map.Entry<String, JsonNode>> it = specials.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode ids = entry.getValue().path("ids");
            JsonNode tokens = entry.getValue().path("tokens");
            String where = "post_processor.special_tokens["
                    + ModelVocabularyReader.abbreviate(TextNode.valueOf(entry.getKey())) + "]";
            if (!ids.isArray() || !tokens.isArray() || ids.size() != tokens.size()) {
                throw new FileFormatException(file, where + " needs lists 'ids' and 'tokens' of the same length");
            }
            for (JsonNode id : ids) {
                checkId(file, where, id, vocabularySize);
            }
        }
        for (String template : new String[] {"single", "pair"}) {
            for (JsonNode piece : processor.path(template)) {
                JsonNode special = piece.get("SpecialToken");
                if (special == null) {
                    continue;
                }
                String id = special.path("id").asText(null);
                if (id == null || !specials.has(id)) {
                    throw new FileFormatException(file, "post_processor." + template + " uses the special token "
                            + ModelVocabularyReader.abbreviate(TextNode.valueOf(String.valueOf(id)))
                            + ", which post_processor.special_tokens does not define");
                }
            }
        }
    }

    private static void checkPair(Path file, JsonNode pair, String name, int vocabularySize)
            throws FileFormatException {
        if (pair == null) {
            return;
        }
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
            throw new FileFormatException(file, "post_processor." + name + " must be a [token, id] pair");
        }
        checkId(file, "post_processor." + name, pair.get(1), vocabularySize);
    }

    private static void checkId(Path file, String where, JsonNode id, int vocabularySize) throws FileFormatException {
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= vocabularySize) {
            throw new FileFormatException(file, where + " holds the id " + ModelVocabularyReader.abbreviate(id)
                    + ", which is not an id of the vocabulary (0 to " + (vocabularySize - 1) + ")");
        }
    }
}
