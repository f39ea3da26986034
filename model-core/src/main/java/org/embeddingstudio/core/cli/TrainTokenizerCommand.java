package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.ByteLevelBpeTrainer;
import org.embeddingstudio.core.tokenizer.CorpusLines;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains a tokenizer on a text file and saves it in the layout Hugging Face's AutoTokenizer reads. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = {"Train a tokenizer on a corpus and save it as a Hugging Face tokenizer.json:",
                "  wordpiece  BERT conventions: ##, [CLS]/[SEP]/[PAD]/[UNK]/[MASK], lower-cased unless --cased;",
                "  bpe        byte-level BPE as GPT-2/RoBERTa: Ġ for a space, 256 byte symbols (never an unknown "
                        + "token), <s>/<pad>/</s>/<unk>/<mask>; text is kept as it is."},
        footer = {"%nExamples:",
                "  embedding-studio train-tokenizer --corpus de.txt --type wordpiece --size 8000 --out tok-de",
                "  embedding-studio train-tokenizer --corpus de.txt --type bpe --size 8000 --out tok-de-bpe"})
final class TrainTokenizerCommand implements Callable<Integer> {
    /** The subword models a user may ask for. */
    enum Type { WORDPIECE, BPE }

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "UTF-8 text, one text per line.")
    Path corpus;

    @Option(names = "--type", defaultValue = "wordpiece", paramLabel = "wordpiece|bpe",
            description = "The subword model (default: ${DEFAULT-VALUE}).")
    Type type;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Vocabulary size, specials included.")
    int size;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the tokenizer to.")
    Path out;

    @Option(names = "--cased", description = "WordPiece: keep case and accents (default: lower-case and strip "
            + "accents). Byte-level BPE always keeps the text as it is.")
    boolean cased;

    @Option(names = "--min-frequency", paramLabel = "N", defaultValue = "0",
            description = "Never merge a pair seen fewer than N times (default: ${DEFAULT-VALUE}).")
    long minFrequency;

    @Option(names = "--limit-alphabet", paramLabel = "N",
            description = "WordPiece: keep only the N most frequent characters (default: all); a word with "
                    + "another character encodes as [UNK].")
    Integer limitAlphabet;

    @Option(names = "--initial-alphabet", paramLabel = "CHARS",
            description = "WordPiece: characters that are always in the alphabet, even when the corpus lacks them "
                    + "(for example 'äöüß' with --cased).")
    String initialAlphabet;

    @Override
    public Integer call() throws IOException {
        int minimum = type == Type.BPE
                ? ByteLevelBpeTrainer.minimumVocabSize(ByteLevelBpeTrainer.ROBERTA_SPECIAL_TOKENS.size())
                : WordPieceTrainer.SPECIAL_TOKENS.size() + 1;
        if (size < minimum) {
            throw new ParameterException(spec.commandLine(), "--size must be at least " + minimum
                    + (type == Type.BPE ? " for byte-level BPE (5 special tokens + 256 byte symbols)"
                    : " for WordPiece (5 special tokens + 1)") + ", got " + size);
        }
        if (minFrequency < 0) {
            throw new ParameterException(spec.commandLine(), "--min-frequency must not be negative, got "
                    + minFrequency);
        }
        if (limitAlphabet != null && limitAlphabet < 0) {
            throw new ParameterException(spec.commandLine(), "--limit-alphabet must not be negative, got "
                    + limitAlphabet);
        }
        if (type == Type.BPE && (limitAlphabet != null || initialAlphabet != null)) {
            throw new ParameterException(spec.commandLine(), "--limit-alphabet and --initial-alphabet are for "
                    + "WordPiece; byte-level BPE always has all 256 byte symbols");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<String> texts = CorpusLines.read(Inputs.existing(corpus));
        long start = System.nanoTime();
        try (Tokenizer tokenizer = train(texts)) {
            tokenizer.saveTo(out);
            stdout.printf(Locale.ROOT,
                    "Trained a %s vocabulary of %d tokens on %d lines of %s in %.1f s; saved to %s%n",
                    type == Type.BPE ? "byte-level BPE" : "WordPiece", tokenizer.vocabulary().size(), texts.size(),
                    corpus, (System.nanoTime() - start) / 1e9, out);
            if (tokenizer.vocabulary().size() < size) {
                stdout.printf("The corpus ran out of pairs to merge%s before %d tokens.%n",
                        minFrequency > 0 ? " seen " + minFrequency + " times or more" : "", size);
            }
        }
        return 0;
    }

    private Tokenizer train(List<String> texts) {
        return switch (type) {
            case WORDPIECE -> wordPieceTrainer().train(texts, fraction -> { }, CancellationToken.none());
            case BPE -> ByteLevelBpeTrainer.builder().setVocabSize(size).optMinFrequency(minFrequency).build()
                    .train(texts, fraction -> { }, CancellationToken.none());
        };
    }

    private WordPieceTrainer wordPieceTrainer() {
        WordPieceTrainer.Builder builder = WordPieceTrainer.builder().setVocabSize(size).optMinFrequency(minFrequency)
                .optLowercase(!cased).optStripAccents(!cased);
        if (limitAlphabet != null) {
            builder.optLimitAlphabet(limitAlphabet);
        }
        if (initialAlphabet != null) {
            builder.optInitialAlphabet(initialAlphabet);
        }
        return builder.build();
    }
}
