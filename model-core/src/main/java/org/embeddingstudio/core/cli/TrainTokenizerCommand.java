package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.WordPieceTrainer;
import org.embeddingstudio.core.training.CancellationToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Trains a tokenizer on a text file and saves it in the layout Hugging Face's AutoTokenizer reads. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Train a WordPiece tokenizer (BERT conventions: ##, [CLS]/[SEP]/[PAD]/[UNK]/[MASK]) on a corpus.",
        footer = {"%nExample:",
                "  embedding-studio train-tokenizer --corpus de.txt --type wordpiece --size 8000 --out tok-de"})
final class TrainTokenizerCommand implements Callable<Integer> {
    /** The subword models a user may ask for; only WordPiece has a trainer yet. */
    enum Type { WORDPIECE, BPE }

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "UTF-8 text, one text per line.")
    Path corpus;

    @Option(names = "--type", defaultValue = "wordpiece", description = "wordpiece (bpe is not supported yet).")
    Type type;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Vocabulary size, specials included.")
    int size;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the tokenizer to.")
    Path out;

    @Option(names = "--cased", description = "Keep case and accents (default: lower-case and strip accents).")
    boolean cased;

    @Override
    public Integer call() throws IOException {
        if (type == Type.BPE) {
            throw new InputException("--type bpe: training byte-level BPE tokenizers is not yet supported; "
                    + "use --type wordpiece");
        }
        if (size <= WordPieceTrainer.SPECIAL_TOKENS.size()) {
            throw new ParameterException(spec.commandLine(), "--size must be more than "
                    + WordPieceTrainer.SPECIAL_TOKENS.size() + " (the special tokens), got " + size);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<String> texts = readTexts(Inputs.existing(corpus));
        if (texts.isEmpty()) {
            throw new InputException(corpus + ": has no text to train on");
        }
        WordPieceTrainer trainer = WordPieceTrainer.builder().setVocabSize(size)
                .optLowercase(!cased).optStripAccents(!cased).build();
        try (Tokenizer tokenizer = trainer.train(texts, fraction -> { }, CancellationToken.none())) {
            tokenizer.saveTo(out);
            stdout.printf("Trained a WordPiece vocabulary of %d tokens on %d lines of %s; saved to %s%n",
                    tokenizer.vocabulary().size(), texts.size(), corpus, out);
        }
        return 0;
    }

    private static List<String> readTexts(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    texts.add(line);
                }
            }
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": is not UTF-8 text");
        }
        return texts;
    }
}
