package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a BERT {@code vocab.txt} (one token per line, id = line number) into the tokenizer.json that Hugging Face's
 * {@code BertTokenizerFast} builds from it (transformers' {@code BertConverter}): BertNormalizer, BertPreTokenizer,
 * WordPiece with {@code ##} and {@code [UNK]}, and a {@code [CLS] A [SEP] B [SEP]} template.
 */
final class WordPieceDocumentBuilder {
    /** BertTokenizer's default special tokens, used where the config files name none. */
    private static final Map<SpecialTokenRole, String> BERT_DEFAULTS = Map.of(
            SpecialTokenRole.UNK, "[UNK]", SpecialTokenRole.SEP, "[SEP]", SpecialTokenRole.PAD, "[PAD]",
            SpecialTokenRole.CLS, "[CLS]", SpecialTokenRole.MASK, "[MASK]");

    private WordPieceDocumentBuilder() {
    }

    /** Builds the document; fills in BERT's default special tokens in {@code settings}. */
    static ObjectNode build(Path vocabFile, TokenizerSettings settings) throws IOException {
        return build(vocabFile, Utf8Lines.read(vocabFile), settings);
    }

    /**
     * Builds the document from the lines of a vocab.txt held in memory (id = index), such as a freshly trained
     * vocabulary; {@code vocabFile} only names it in messages.
     */
    static ObjectNode build(Path vocabFile, List<String> tokens, TokenizerSettings settings)
            throws FileFormatException {
        if (tokens.isEmpty()) {
            throw new FileFormatException(vocabFile, "is empty; a WordPiece vocabulary has one token per line");
        }
        Map<String, Integer> modelIds = HashMap.newHashMap(tokens.size());
        ObjectNode vocab = TokenizerJson.MAPPER.createObjectNode();
        for (int id = 0; id < tokens.size(); id++) {
            // A repeated line: as transformers' load_vocab (a dict filled line by line), the later line's id wins
            // and the earlier id is left without a token (the model's row for it is never used).
            modelIds.put(tokens.get(id), id);
            vocab.put(tokens.get(id), id);
        }
        BERT_DEFAULTS.forEach(settings.roles::putIfAbsent);
        String unk = settings.roles.get(SpecialTokenRole.UNK);
        if (!modelIds.containsKey(unk)) {
            throw new FileFormatException(vocabFile, "has no line '" + unk
                    + "'; WordPiece needs its unknown token in the vocabulary");
        }
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        ArrayNode added = AddedTokenJson.forVocabularyFile(modelIds, settings, specialIds);

        ObjectNode document = TokenizerJson.MAPPER.createObjectNode();
        document.put("version", "1.0");
        document.putNull("truncation");
        document.putNull("padding");
        document.set("added_tokens", added);
        ObjectNode normalizer = document.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", settings.flag("tokenize_chinese_chars", true));
        Boolean stripAccents = settings.nullableFlag("strip_accents");
        if (stripAccents == null) {
            normalizer.putNull("strip_accents"); // null: strip accents exactly when lower-casing, as BERT does
        } else {
            normalizer.put("strip_accents", stripAccents);
        }
        normalizer.put("lowercase", settings.flag("do_lower_case", true));
        document.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        String cls = settings.roles.get(SpecialTokenRole.CLS);
        String sep = settings.roles.get(SpecialTokenRole.SEP);
        if (cls != null && sep != null) {
            document.set("post_processor", Templates.bertPair(cls, specialIds.get(cls), sep, specialIds.get(sep)));
        } else {
            document.putNull("post_processor");
        }
        ObjectNode decoder = document.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = document.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", unk);
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        model.set("vocab", vocab);
        return document;
    }
}
