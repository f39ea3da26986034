package org.embeddingstudio.app.ui.embeddings;

import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpecialTokenPreviewTest {
    @Test
    void namesTheRowEachSpecialTokenStartsFromRoleMatchesFirst() {
        Vocabulary target = byteLevel().addModelToken("<|endoftext|>").addModelToken("<|pad|>")
                .addModelToken("hello").addModelToken("<unk>").markSpecial("<|endoftext|>").markSpecial("<|pad|>")
                .markSpecial("<unk>").specialToken(SpecialTokenRole.UNK, "<unk>")
                .specialToken(SpecialTokenRole.EOS, "<|endoftext|>").specialToken(SpecialTokenRole.PAD, "<|pad|>")
                .build();
        Vocabulary reference = byteLevel().addModelToken("<s>").addModelToken("</s>").addModelToken("hello")
                .addModelToken("<unk>").markSpecial("<unk>").specialToken(SpecialTokenRole.UNK, "<unk>")
                .markSpecial("<s>").markSpecial("</s>").specialToken(SpecialTokenRole.BOS, "<s>")
                .specialToken(SpecialTokenRole.EOS, "</s>").build();

        // Normalized matching pairs special tokens by their job; exact matching (adapters') by string only. <unk>,
        // spelled alike in both, is no choice and not mentioned.
        assertEquals(" Special tokens: <|endoftext|> ← </s> (by role), <|pad|> ← none (random).",
                SpecialTokenPreview.describe(target, VocabularyMatcher.match(target, reference,
                        MatchOptions.normalized())));
        assertEquals(" Special tokens: <|endoftext|> ← none (random), <|pad|> ← none (random).",
                SpecialTokenPreview.describe(target, VocabularyMatcher.match(target, reference,
                        MatchOptions.exact())));
    }

    private static Vocabulary.Builder byteLevel() {
        return Vocabulary.builder(new SubwordConventions(TokenizerKind.BPE, "", "", true, ""));
    }
}
