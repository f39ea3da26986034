package org.embeddingstudio.core.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Tiny tokenizer files written by tests, so core tests need no downloaded vocabulary. */
final class SmallTokenizers {
    /** A BERT vocabulary: id = line number. */
    static final List<String> BERT_VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "un", "##aff", "##able", "the", "cat", "sat", "on", "mat", "a", ".", ",", "hello", "world", "##s");

    /** A byte-level BPE vocabulary in RoBERTa style ({@code Ġ} is the byte-level space). */
    static final String BPE_VOCAB_JSON = """
            {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "h": 4, "e": 5, "l": 6, "o": 7, "Ġ": 8, "w": 9,
             "r": 10, "d": 11, "he": 12, "ll": 13, "llo": 14, "hello": 15, "Ġw": 16, "or": 17, "Ġwor": 18,
             "ld": 19, "Ġworld": 20, "<mask>": 21}
            """;
    static final String BPE_MERGES = """
            #version: 0.2
            h e
            l l
            ll o
            he llo
            Ġ w
            o r
            Ġw or
            l d
            Ġwor ld
            """;

    /** A SentencePiece Unigram tokenizer.json with an added token beyond the model pieces. */
    static final String UNIGRAM_JSON = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [
               {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 1, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 2, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 9, "content": "<extra_id_0>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true}],
             "normalizer": null,
             "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
               "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                        {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
               "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}},
             "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "model": {"type": "Unigram", "unk_id": 2, "byte_fallback": false,
               "vocab": [["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0], ["▁hello", -1.0], ["▁world", -1.5],
                         ["▁", -2.0], ["h", -4.12345678901234567890], ["e", -4.0], ["l", -4.0]]}}
            """;

    private SmallTokenizers() {
    }

    static Path write(Path folder, String name, String content) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    static Path writeBertVocab(Path folder) throws IOException {
        return write(folder, "vocab.txt", String.join("\n", BERT_VOCAB) + "\n");
    }

    static Path writeBpe(Path folder) throws IOException {
        write(folder, "merges.txt", BPE_MERGES);
        return write(folder, "vocab.json", BPE_VOCAB_JSON);
    }

    /** The WordPiece tokenizer.json that the small BERT vocabulary converts to, with one extra added token. */
    static String wordPieceJson(String extraAddedToken) {
        StringBuilder vocab = new StringBuilder();
        for (int id = 0; id < BERT_VOCAB.size(); id++) {
            vocab.append(id == 0 ? "" : ", ").append('"').append(BERT_VOCAB.get(id)).append("\": ").append(id);
        }
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true},
                   {"id": %d, "content": "%s", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": true, "special": false}],
                 "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                                "strip_accents": null, "lowercase": true},
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
                 "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100, "vocab": {%s}}}
                """.formatted(BERT_VOCAB.size(), extraAddedToken, vocab);
    }
}
