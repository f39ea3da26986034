package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.AtomicFiles;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a tokenizer in the folder layout Python's {@code AutoTokenizer.from_pretrained} reads:
 * {@code tokenizer.json}, {@code tokenizer_config.json} and {@code special_tokens_map.json}.
 */
final class HuggingFaceLayoutWriter {
    static final String TOKENIZER_FILE = "tokenizer.json";

    /** What Hugging Face writes as {@code model_max_length} when there is no limit: {@code int(1e30)}. */
    private static final BigInteger VERY_LARGE_INTEGER = new BigInteger("1000000000000000019884624838656");

    private HuggingFaceLayoutWriter() {
    }

    /** @param chatTemplate Jinja text (written as chat_template.jinja, as transformers does), named ones, or null */
    static void write(Path folder, String documentJson, ObjectNode document, Vocabulary vocabulary,
                      JsonNode modelMaxLength, JsonNode chatTemplate) throws IOException {
        AtomicFiles.writeString(folder.resolve(TOKENIZER_FILE), documentJson);
        ObjectNode config = tokenizerConfig(document, vocabulary, modelMaxLength);
        if (chatTemplate != null && chatTemplate.isTextual()) {
            AtomicFiles.writeString(folder.resolve(TokenizerSettings.CHAT_TEMPLATE_FILE), chatTemplate.asText());
        } else if (chatTemplate != null) {
            config.set("chat_template", chatTemplate);
        }
        AtomicFiles.writeString(folder.resolve(TokenizerSettings.CONFIG_FILE), pretty(config));
        AtomicFiles.writeString(folder.resolve(TokenizerSettings.SPECIAL_TOKENS_FILE),
                pretty(specialTokensMap(vocabulary)));
    }

    static ObjectNode tokenizerConfig(ObjectNode document, Vocabulary vocabulary, JsonNode modelMaxLength) {
        ObjectNode config = TokenizerJson.MAPPER.createObjectNode();
        String tokenizerClass = tokenizerClass(document);
        config.put("tokenizer_class", tokenizerClass);
        // BertTokenizerFast and RobertaTokenizerFast rebuild their normalizer / pre-tokenizer when these arguments
        // disagree with tokenizer.json (do_lower_case defaults to true!), so they must repeat what the document says.
        if (tokenizerClass.equals("BertTokenizerFast")) {
            JsonNode normalizer = document.get("normalizer");
            config.put("do_lower_case", normalizer.path("lowercase").asBoolean(true));
            config.set("strip_accents", normalizer.path("strip_accents").isBoolean()
                    ? normalizer.get("strip_accents") : config.nullNode());
            config.put("tokenize_chinese_chars", normalizer.path("handle_chinese_chars").asBoolean(true));
        } else if (tokenizerClass.equals("RobertaTokenizerFast")) {
            JsonNode processor = document.get("post_processor");
            config.put("add_prefix_space", document.path("pre_tokenizer").path("add_prefix_space").asBoolean(false));
            config.put("trim_offsets", processor.path("trim_offsets").asBoolean(true));
        }
        config.put("clean_up_tokenization_spaces", true);
        if (modelMaxLength != null) {
            config.set("model_max_length", modelMaxLength);
        } else {
            config.put("model_max_length", VERY_LARGE_INTEGER);
        }
        for (Map.Entry<SpecialTokenRole, String> role : vocabulary.specialTokens().entrySet()) {
            config.put(role.getKey().configKey(), role.getValue());
        }
        ObjectNode decoder = config.putObject("added_tokens_decoder");
        for (JsonNode added : document.path("added_tokens")) {
            ObjectNode entry = decoder.putObject(added.path("id").asText());
            entry.set("content", added.get("content"));
            for (String flag : new String[] {"lstrip", "normalized", "rstrip", "single_word", "special"}) {
                entry.put(flag, added.path(flag).asBoolean(false));
            }
        }
        return config;
    }

    static ObjectNode specialTokensMap(Vocabulary vocabulary) {
        ObjectNode map = TokenizerJson.MAPPER.createObjectNode();
        for (Map.Entry<SpecialTokenRole, String> role : vocabulary.specialTokens().entrySet()) {
            map.put(role.getKey().configKey(), role.getValue());
        }
        var additional = vocabulary.specialTokenStrings().stream()
                .filter(token -> !vocabulary.specialTokens().containsValue(token)).toList();
        if (!additional.isEmpty()) {
            var list = map.putArray("additional_special_tokens");
            additional.forEach(list::add);
        }
        return map;
    }

    /** The fast tokenizer class whose Python constructor accepts this document unchanged. */
    static String tokenizerClass(JsonNode document) {
        String model = document.path("model").path("type").asText();
        String normalizer = document.path("normalizer").path("type").asText();
        String preTokenizer = document.path("pre_tokenizer").path("type").asText();
        String processor = document.path("post_processor").path("type").asText();
        if (model.equals("WordPiece") && normalizer.equals("BertNormalizer")) {
            return "BertTokenizerFast";
        }
        boolean noNormalizer = document.path("normalizer").isMissingNode() || document.path("normalizer").isNull();
        if (model.equals("BPE") && noNormalizer && preTokenizer.equals("ByteLevel")
                && processor.equals("RobertaProcessing")) {
            return "RobertaTokenizerFast";
        }
        return "PreTrainedTokenizerFast";
    }

    private static String pretty(JsonNode node) throws IOException {
        return TokenizerJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }
}
