package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks the post-processor of a tokenizer.json before the native library sees it. The Rust library reads a
 * TemplateProcessing without checking that its templates name only tokens of its {@code special_tokens} map, and
 * panics, aborting the JVM, on the first text it encodes with a template naming another one. The ids it adds must
 * also be ids of the vocabulary, or every encoding would hold rows the embedding does not have.
 *
 * <p>The Rust library picks the kind of post-processor by the fields it finds, not by its {@code type}: a
 * TemplateProcessing whose type is misspelt still loads as one. So an unknown type is refused, and the fields of each
 * kind are checked wherever they appear, whatever the type says.
 */
final class PostProcessorCheck {
    private static final List<String> KNOWN_TYPES =
            List.of("TemplateProcessing", "BertProcessing", "RobertaProcessing", "ByteLevel", "Sequence");

    private PostProcessorCheck() {
    }

    static void check(Path file, JsonNode processor, int vocabularySize) throws FileFormatException {
        if (processor == null || !processor.isObject()) {
            return;
        }
        JsonNode type = processor.get("type");
        if (type == null || !KNOWN_TYPES.contains(type.asText())) {
            throw new FileFormatException(file, "post_processor.type is "
                    + (type == null ? "missing" : ModelVocabularyReader.abbreviate(type))
                    + "; expected one of " + String.join(", ", KNOWN_TYPES));
        }
        if (processor.has("single") || processor.has("pair") || processor.has("special_tokens")) {
            checkTemplate(file, processor, vocabularySize);
        }
        checkPair(file, processor.get("sep"), "sep", vocabularySize);
        checkPair(file, processor.get("cls"), "cls", vocabularySize);
        for (JsonNode inner : processor.path("processors")) {
            check(file, inner, vocabularySize);
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
