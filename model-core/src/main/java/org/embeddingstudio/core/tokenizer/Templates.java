package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Post-processor sections of tokenizer.json, in the form Hugging Face's converters write them. */
final class Templates {
    private Templates() {
    }

    /** BERT's {@code [CLS] $A [SEP]} / {@code [CLS] $A [SEP] $B:1 [SEP]:1} TemplateProcessing. */
    static ObjectNode bertPair(String cls, int clsId, String sep, int sepId) {
        ObjectNode processor = TokenizerJson.MAPPER.createObjectNode();
        processor.put("type", "TemplateProcessing");
        ArrayNode single = processor.putArray("single");
        special(single, cls, 0);
        sequence(single, "A", 0);
        special(single, sep, 0);
        ArrayNode pair = processor.putArray("pair");
        special(pair, cls, 0);
        sequence(pair, "A", 0);
        special(pair, sep, 0);
        sequence(pair, "B", 1);
        special(pair, sep, 1);
        ObjectNode specials = processor.putObject("special_tokens");
        describe(specials, cls, clsId);
        describe(specials, sep, sepId);
        return processor;
    }

    /** RoBERTa's {@code <s> A </s></s> B </s>} processor, also used by CLIP with its start/end tokens. */
    static ObjectNode roberta(String cls, int clsId, String sep, int sepId, boolean trimOffsets,
                              boolean addPrefixSpace) {
        ObjectNode processor = TokenizerJson.MAPPER.createObjectNode();
        processor.put("type", "RobertaProcessing");
        processor.putArray("sep").add(sep).add(sepId);
        processor.putArray("cls").add(cls).add(clsId);
        processor.put("trim_offsets", trimOffsets);
        processor.put("add_prefix_space", addPrefixSpace);
        return processor;
    }

    private static void special(ArrayNode template, String token, int typeId) {
        ObjectNode item = template.addObject().putObject("SpecialToken");
        item.put("id", token);
        item.put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        ObjectNode item = template.addObject().putObject("Sequence");
        item.put("id", id);
        item.put("type_id", typeId);
    }

    private static void describe(ObjectNode specials, String token, int id) {
        if (specials.has(token)) {
            return;
        }
        ObjectNode entry = specials.putObject(token);
        entry.put("id", token);
        entry.putArray("ids").add(id);
        entry.putArray("tokens").add(token);
    }
}
