package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code tokenizer_config.json} and {@code special_tokens_map.json} beside a vocabulary say: special tokens by
 * role, extra special tokens, and the BERT/RoBERTa switches that change how text is split. Either file may be
 * missing; values in {@code special_tokens_map.json} win, as in {@code PreTrainedTokenizerBase.from_pretrained}.
 */
final class TokenizerSettings {
    static final String CONFIG_FILE = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";

    /** Hugging Face adds missing special tokens in this order (SPECIAL_TOKENS_ATTRIBUTES), which decides their ids. */
    static final List<SpecialTokenRole> HF_ROLE_ORDER = List.of(SpecialTokenRole.BOS, SpecialTokenRole.EOS,
            SpecialTokenRole.UNK, SpecialTokenRole.SEP, SpecialTokenRole.PAD, SpecialTokenRole.CLS,
            SpecialTokenRole.MASK);

    static final String ADDED_TOKENS_FILE = "added_tokens.json";
    /** Where transformers (since 4.43) keeps a chat template: beside, not inside, tokenizer_config.json. */
    static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    /** A token with a fixed id, declared by the file {@code declaredIn}; {@code entry} holds its flags. */
    record DeclaredToken(String content, int id, JsonNode entry, Path declaredIn) {
    }

    final Map<SpecialTokenRole, String> roles = new EnumMap<>(SpecialTokenRole.class);
    /** Tokens from {@code added_tokens_decoder} and {@code added_tokens.json}, by id. */
    final SortedMap<Integer, DeclaredToken> declaredTokens = new TreeMap<>();
    final List<String> additionalSpecialTokens = new ArrayList<>();
    private JsonNode config;
    private JsonNode chatTemplate;

    private TokenizerSettings() {
    }

    /** Settings with nothing configured, for a tokenizer file that has no config files beside it. */
    static TokenizerSettings none() {
        TokenizerSettings settings = new TokenizerSettings();
        settings.config = TokenizerJson.MAPPER.createObjectNode();
        return settings;
    }

    /**
     * Settings that say how BERT splits text, as a tokenizer_config.json with {@code do_lower_case} and
     * {@code strip_accents} would.
     */
    static TokenizerSettings bert(boolean lowercase, boolean stripAccents) {
        TokenizerSettings settings = none();
        ((ObjectNode) settings.config).put("do_lower_case", lowercase)
                .put("strip_accents", stripAccents);
        return settings;
    }

    /**
     * Settings for a freshly trained byte-level BPE whose vocabulary begins with {@code specialTokens}: RoBERTa's and
     * GPT-2's tokens get their usual roles, any other becomes an additional special token, and
     * {@code add_prefix_space} is set as a RoBERTa tokenizer_config.json would set it.
     */
    static TokenizerSettings byteLevelBpe(List<String> specialTokens, boolean addPrefixSpace) {
        TokenizerSettings settings = none();
        ((ObjectNode) settings.config).put("add_prefix_space", addPrefixSpace);
        Map<String, List<SpecialTokenRole>> known = Map.of(
                "<s>", List.of(SpecialTokenRole.BOS, SpecialTokenRole.CLS),
                "</s>", List.of(SpecialTokenRole.EOS, SpecialTokenRole.SEP),
                "<unk>", List.of(SpecialTokenRole.UNK),
                "<pad>", List.of(SpecialTokenRole.PAD),
                "<mask>", List.of(SpecialTokenRole.MASK));
        for (String token : specialTokens) {
            known.getOrDefault(token, List.of()).forEach(role -> settings.roles.put(role, token));
        }
        if (specialTokens.contains("<|endoftext|>")) {
            for (SpecialTokenRole role : List.of(SpecialTokenRole.BOS, SpecialTokenRole.EOS, SpecialTokenRole.UNK)) {
                settings.roles.putIfAbsent(role, "<|endoftext|>");
            }
        }
        for (String token : specialTokens) {
            if (!settings.roles.containsValue(token)) {
                settings.additionalSpecialTokens.add(token);
            }
        }
        return settings;
    }

    /** Reads the config files in {@code folder}, if there are any. */
    static TokenizerSettings readFrom(Path folder) throws IOException {
        TokenizerSettings settings = none();
        Path configFile = folder.resolve(CONFIG_FILE);
        if (Files.isRegularFile(configFile)) {
            settings.config = readObject(configFile);
            settings.readRoles(configFile, settings.config);
            settings.readAddedTokensDecoder(configFile, settings.config.get("added_tokens_decoder"));
        }
        Path addedFile = folder.resolve(ADDED_TOKENS_FILE);
        if (Files.isRegularFile(addedFile)) {
            settings.readAddedTokensFile(addedFile, readObject(addedFile));
        }
        Path specialFile = folder.resolve(SPECIAL_TOKENS_FILE);
        if (Files.isRegularFile(specialFile)) {
            settings.readRoles(specialFile, readObject(specialFile));
        }
        Path templateFile = folder.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(templateFile)) {
            settings.chatTemplate = TextNode.valueOf(Files.readString(templateFile));
        } else if (settings.config.hasNonNull("chat_template")) {
            settings.chatTemplate = settings.config.get("chat_template"); // a string, or named templates
        }
        return settings;
    }

    private static JsonNode readObject(Path file) throws IOException {
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
            throw new FileFormatException(file, "must hold a JSON object");
        }
        return node;
    }

    private void readRoles(Path file, JsonNode node) throws FileFormatException {
        for (SpecialTokenRole role : SpecialTokenRole.values()) {
            JsonNode value = node.get(role.configKey());
            if (value != null && !value.isNull()) {
                roles.put(role, tokenContent(file, role.configKey(), value));
            }
        }
        JsonNode additional = node.get("additional_special_tokens");
        if (additional != null && !additional.isNull()) {
            if (!additional.isArray()) {
                throw new FileFormatException(file, "additional_special_tokens must be a list");
            }
            additionalSpecialTokens.clear();
            for (JsonNode token : additional) {
                additionalSpecialTokens.add(tokenContent(file, "additional_special_tokens", token));
            }
        }
    }

    /** {@code {"30522": {"content": "[NEW]", "special": false, ...}}}, written by transformers 4.34 and later. */
    private void readAddedTokensDecoder(Path file, JsonNode decoder) throws FileFormatException {
        if (decoder == null || decoder.isNull()) {
            return;
        }
        if (!decoder.isObject()) {
            throw new FileFormatException(file, "added_tokens_decoder must map ids to tokens");
        }
        for (Map.Entry<String, JsonNode> entry : decoder.properties()) {
            int id;
            try {
                id = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new FileFormatException(file, "added_tokens_decoder key '" + entry.getKey() + "' is not an id");
            }
            if (id < 0) {
                throw new FileFormatException(file, "added_tokens_decoder has the negative id " + id);
            }
            String content = tokenContent(file, "added_tokens_decoder." + id, entry.getValue());
            declaredTokens.put(id, new DeclaredToken(content, id, entry.getValue(), file));
        }
    }

    /** {@code {"[NEW]": 30522}}, written by slow tokenizers for tokens added after training. */
    private void readAddedTokensFile(Path file, JsonNode tokens) throws FileFormatException {
        for (Map.Entry<String, JsonNode> entry : tokens.properties()) {
            JsonNode id = entry.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw new FileFormatException(file, "'" + entry.getKey() + "' needs a non-negative integer id");
            }
            DeclaredToken known = declaredTokens.get(id.asInt());
            if (known != null && !known.content().equals(entry.getKey())) {
                throw new FileFormatException(file, "gives the id " + id.asInt() + " to '" + entry.getKey()
                        + "' but " + known.declaredIn().getFileName() + " gives it to '" + known.content() + "'");
            }
            if (known == null) {
                declaredTokens.put(id.asInt(), new DeclaredToken(entry.getKey(), id.asInt(),
                        TokenizerJson.MAPPER.createObjectNode(), file));
            }
        }
    }

    /** A token is written either as a plain string or as an AddedToken object with {@code content}. */
    private static String tokenContent(Path file, String key, JsonNode value) throws FileFormatException {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isObject() && value.path("content").isTextual()) {
            return value.get("content").asText();
        }
        throw new FileFormatException(file, key + " must be a string or an object with a string 'content'");
    }

    /** Whether any config file named a special token; if not, roles are inferred from the tokenizer itself. */
    boolean namesSpecialTokens() {
        return !roles.isEmpty() || !additionalSpecialTokens.isEmpty();
    }

    /** A boolean switch such as {@code do_lower_case}, or {@code fallback} when absent or null. */
    boolean flag(String key, boolean fallback) {
        JsonNode value = config.get(key);
        return value == null || value.isNull() ? fallback : value.asBoolean(fallback);
    }

    /** A switch that may be deliberately null (BERT's {@code strip_accents}: null means "follow lower-casing"). */
    Boolean nullableFlag(String key) {
        JsonNode value = config.get(key);
        return value == null || value.isNull() ? null : value.asBoolean();
    }

    /** The chat template (a Jinja string, or a list of named ones), or {@code null} when there is none. */
    JsonNode chatTemplate() {
        return chatTemplate;
    }

    /** {@code model_max_length} (or the older {@code max_len}), or {@code null} when neither is set. */
    JsonNode modelMaxLength() {
        JsonNode value = config.get("model_max_length");
        if (value == null || !value.isNumber()) {
            value = config.get("max_len");
        }
        return value != null && value.isNumber() ? value : null;
    }

    /** The {@code tokenizer_class} the config names, or {@code null}. */
    String tokenizerClass() {
        JsonNode value = config.get("tokenizer_class");
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Role tokens and additional special tokens, in the order Hugging Face adds missing ones. */
    List<String> specialTokensInAddOrder() {
        List<String> tokens = new ArrayList<>();
        for (SpecialTokenRole role : HF_ROLE_ORDER) {
            String token = roles.get(role);
            if (token != null && !tokens.contains(token)) {
                tokens.add(token);
            }
        }
        for (String token : additionalSpecialTokens) {
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
        return Collections.unmodifiableList(tokens);
    }
}
