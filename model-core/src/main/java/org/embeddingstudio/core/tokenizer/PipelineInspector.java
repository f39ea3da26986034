package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers questions about the normalizer / pre-tokenizer / post-processor sections of a tokenizer.json, which may
 * be single components or nested {@code Sequence}s.
 */
final class PipelineInspector {
    private PipelineInspector() {
    }

    /** The spelling conventions of the document's vocabulary. */
    static SubwordConventions conventions(JsonNode document, TokenizerKind kind) {
        JsonNode model = document.path("model");
        boolean byteLevel = find(document.get("pre_tokenizer"), "ByteLevel") != null
                || find(document.get("decoder"), "ByteLevel") != null;
        JsonNode metaspace = find(document.get("pre_tokenizer"), "Metaspace");
        String marker = metaspace == null ? spaceReplacement(document.get("normalizer"))
                : metaspace.path("replacement").asText("▁");
        String prefix = switch (kind) {
            case WORDPIECE -> model.path("continuing_subword_prefix").asText("##");
            case BPE -> model.path("continuing_subword_prefix").asText("");
            case UNIGRAM -> "";
        };
        String suffix = kind == TokenizerKind.BPE ? model.path("end_of_word_suffix").asText("") : "";
        return new SubwordConventions(kind, prefix, suffix, byteLevel, marker);
    }

    /**
     * What a normalizer's {@code Replace} of " " puts in place of a space ("▁" in the tokenizer.json of Llama 2,
     * Mistral and Gemma, which have no Metaspace pre-tokenizer), or "" when none does.
     */
    private static String spaceReplacement(JsonNode section) {
        if (section == null || !section.isObject()) {
            return "";
        }
        if ("Replace".equals(section.path("type").asText()) && " ".equals(section.path("pattern").path("String")
                .asText(null))) {
            return section.path("content").asText("");
        }
        for (JsonNode child : section.path("normalizers")) {
            String found = spaceReplacement(child);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return "";
    }

    /** The first component of {@code type} in {@code section}, searching inside {@code Sequence}s, or null. */
    static JsonNode find(JsonNode section, String type) {
        if (section == null || !section.isObject()) {
            return null;
        }
        if (type.equals(section.path("type").asText())) {
            return section;
        }
        for (String key : new String[] {"normalizers", "pretokenizers", "processors", "decoders"}) {
            for (JsonNode child : section.path(key)) {
                JsonNode found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
