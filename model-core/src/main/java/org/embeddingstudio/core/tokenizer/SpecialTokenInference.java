package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guesses special-token roles for a tokenizer.json that has no config files beside it. Hugging Face would leave the
 * roles empty, but callers need at least the padding token to batch; the guesses come from what the document itself
 * says (the model's unknown token, the post-processor's CLS/SEP, the padding section) and then from the
 * conventional spellings {@code [PAD]}, {@code <pad>}, {@code [MASK]}, … when the vocabulary has them.
 */
final class SpecialTokenInference {
    private static final Map<SpecialTokenRole, List<String>> CONVENTIONAL = Map.of(
            SpecialTokenRole.PAD, List.of("[PAD]", "<pad>"),
            SpecialTokenRole.UNK, List.of("[UNK]", "<unk>"),
            SpecialTokenRole.MASK, List.of("[MASK]", "<mask>"),
            SpecialTokenRole.CLS, List.of("[CLS]"),
            SpecialTokenRole.SEP, List.of("[SEP]"),
            SpecialTokenRole.BOS, List.of("<s>"),
            SpecialTokenRole.EOS, List.of("</s>"));

    private SpecialTokenInference() {
    }

    /** Roles for {@code document}, naming only tokens in {@code tokens}. */
    static Map<SpecialTokenRole, String> infer(JsonNode document, Set<String> tokens) {
        Map<SpecialTokenRole, String> roles = new EnumMap<>(SpecialTokenRole.class);
        JsonNode model = document.path("model");
        if (model.path("unk_token").isTextual()) {
            roles.put(SpecialTokenRole.UNK, model.get("unk_token").asText());
        } else if (model.path("unk_id").canConvertToInt() && model.path("vocab").isArray()) {
            roles.put(SpecialTokenRole.UNK, model.get("vocab").path(model.get("unk_id").asInt()).path(0).asText());
        }
        inferFromPostProcessor(document.get("post_processor"), roles);
        JsonNode padding = document.get("padding");
        if (padding != null && padding.path("pad_token").isTextual()) {
            roles.put(SpecialTokenRole.PAD, padding.get("pad_token").asText());
        }
        CONVENTIONAL.forEach((role, spellings) -> {
            if (!roles.containsKey(role)) {
                spellings.stream().filter(tokens::contains).findFirst().ifPresent(t -> roles.put(role, t));
            }
        });
        roles.values().removeIf(token -> !tokens.contains(token));
        return roles;
    }

    private static void inferFromPostProcessor(JsonNode processor, Map<SpecialTokenRole, String> roles) {
        JsonNode roberta = PipelineInspector.find(processor, "RobertaProcessing");
        JsonNode bert = roberta != null ? roberta : PipelineInspector.find(processor, "BertProcessing");
        if (bert != null) {
            putFirstOf(bert.get("cls"), SpecialTokenRole.CLS, roles);
            putFirstOf(bert.get("sep"), SpecialTokenRole.SEP, roles);
            if (roberta != null) {
                putFirstOf(roberta.get("cls"), SpecialTokenRole.BOS, roles);
                putFirstOf(roberta.get("sep"), SpecialTokenRole.EOS, roles);
            }
            return;
        }
        // TemplateProcessing: only the BERT shape "[CLS] $A [SEP]" says which token is CLS and which is SEP.
        JsonNode template = PipelineInspector.find(processor, "TemplateProcessing");
        JsonNode single = template == null ? null : template.get("single");
        if (single != null && single.isArray() && single.size() >= 3) {
            JsonNode first = single.get(0).path("SpecialToken").path("id");
            JsonNode last = single.get(single.size() - 1).path("SpecialToken").path("id");
            if (first.isTextual() && last.isTextual()) {
                roles.put(SpecialTokenRole.CLS, first.asText());
                roles.put(SpecialTokenRole.SEP, last.asText());
            }
        }
    }

    private static void putFirstOf(JsonNode pair, SpecialTokenRole role, Map<SpecialTokenRole, String> roles) {
        if (pair != null && pair.isArray() && pair.path(0).isTextual()) {
            roles.put(role, pair.get(0).asText());
        }
    }
}
