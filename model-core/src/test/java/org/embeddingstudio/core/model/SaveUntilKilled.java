package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.testing.KilledChild;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link KilledSaveTest} kills: it saves two different embeddings (with their tokenizers) into one
 * folder and two different adapters into another, alternately and without end. "ready" on stdout says that both
 * folders hold a complete save.
 */
public final class SaveUntilKilled {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);
    static final List<String> SMALL_WORDS = List.of("hund", "katze", "mat", "the", "haus");
    static final List<String> LARGE_WORDS = TestTokenizers.words("haus", "klein", "gross", "rot", "##en", "blau");

    private SaveUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path embeddingFolder = root.resolve("embedding");
        Path adapterFolder = root.resolve("adapter");
        Tokenizer small = TestTokenizers.wordPiece(root.resolve("tokenizers-" + ProcessHandle.current().pid())
                .resolve("small"), SMALL_WORDS);
        Tokenizer large = TestTokenizers.wordPiece(root.resolve("tokenizers-" + ProcessHandle.current().pid())
                .resolve("large"), LARGE_WORDS);
        try (AdapterModel model = AdapterModel.random(CONFIG, small, Device.cpu(), 7)) {
            model.addEmbeddings("small", small);
            model.addEmbeddings("large", large);
            model.addAdapter("seq", BottleneckConfig.seqBn());
            model.addAdapter("double", BottleneckConfig.doubleSeqBn());
            for (long i = 0; ; i++) {
                boolean even = i % 2 == 0;
                model.saveEmbeddings(embeddingFolder, even ? "small" : "large", even ? small : large);
                model.saveAdapter(adapterFolder, even ? "seq" : "double", false);
                if (i == 1) {
                    KilledChild.sayReady();
                }
            }
        }
    }
}
