package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;

/** Hand-countable vocabularies in each convention, built directly (no tokenizer files needed for matching). */
final class SmallVocabularies {
    private SmallVocabularies() {
    }

    /** WordPiece: [PAD] [UNK] [CLS] [SEP] [MASK] the cat ##s ##the 7 ! The. */
    static Vocabulary wordPiece() {
        return Vocabulary.builder(new SubwordConventions(TokenizerKind.WORDPIECE, "##", "", false, ""))
                .addModelToken("[PAD]").addModelToken("[UNK]").addModelToken("[CLS]").addModelToken("[SEP]")
                .addModelToken("[MASK]").addModelToken("the").addModelToken("cat").addModelToken("##s")
                .addModelToken("##the").addModelToken("7").addModelToken("!").addModelToken("The")
                .specialToken(SpecialTokenRole.PAD, "[PAD]").specialToken(SpecialTokenRole.UNK, "[UNK]")
                .specialToken(SpecialTokenRole.CLS, "[CLS]").specialToken(SpecialTokenRole.SEP, "[SEP]")
                .specialToken(SpecialTokenRole.MASK, "[MASK]")
                .build();
    }

    /** Byte-level BPE, RoBERTa style: <s> <pad> </s> <unk> the Ġthe Ġcat s ! Ġ! <mask>. */
    static Vocabulary byteLevelBpe() {
        return Vocabulary.builder(new SubwordConventions(TokenizerKind.BPE, "", "", true, ""))
                .addModelToken("<s>").addModelToken("<pad>").addModelToken("</s>").addModelToken("<unk>")
                .addModelToken("the").addModelToken("Ġthe").addModelToken("Ġcat").addModelToken("s")
                .addModelToken("!").addModelToken("Ġ!").addModelToken("<mask>")
                .specialToken(SpecialTokenRole.BOS, "<s>").specialToken(SpecialTokenRole.PAD, "<pad>")
                .specialToken(SpecialTokenRole.EOS, "</s>").specialToken(SpecialTokenRole.UNK, "<unk>")
                .specialToken(SpecialTokenRole.MASK, "<mask>")
                .build();
    }

    /** CLIP style: <|startoftext|> <|endoftext|> the the</w> cat</w> s</w>. */
    static Vocabulary clip() {
        return Vocabulary.builder(new SubwordConventions(TokenizerKind.BPE, "", "</w>", true, ""))
                .addModelToken("<|startoftext|>").addModelToken("<|endoftext|>").addModelToken("the")
                .addModelToken("the</w>").addModelToken("cat</w>").addModelToken("s</w>")
                .specialToken(SpecialTokenRole.BOS, "<|startoftext|>").specialToken(SpecialTokenRole.EOS,
                        "<|endoftext|>").specialToken(SpecialTokenRole.UNK, "<|endoftext|>")
                .build();
    }

    /** SentencePiece: <pad> </s> <unk> ▁the the ▁Cat s ７. */
    static Vocabulary sentencePiece() {
        return Vocabulary.builder(new SubwordConventions(TokenizerKind.UNIGRAM, "", "", false, "▁"))
                .addModelToken("<pad>").addModelToken("</s>").addModelToken("<unk>").addModelToken("▁the")
                .addModelToken("the").addModelToken("▁Cat").addModelToken("s").addModelToken("７")
                .specialToken(SpecialTokenRole.PAD, "<pad>").specialToken(SpecialTokenRole.EOS, "</s>")
                .specialToken(SpecialTokenRole.UNK, "<unk>")
                .build();
    }
}
