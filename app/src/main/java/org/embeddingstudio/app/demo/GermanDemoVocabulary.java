package org.embeddingstudio.app.demo;

import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.tokenizer.WordPieceTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The demo's second vocabulary: WordPiece trained on {@link GermanDemoTexts}, lower-cased and accent-stripped like
 * bert-base-uncased so the two share a realistic part of their tokens. The trained vocab.txt is cached, so only the
 * first start pays for training.
 */
public final class GermanDemoVocabulary {
    /**
     * An upper bound: the texts run out of pairs seen twice at about 3 400 tokens. Merging only pairs seen at least
     * twice keeps one-off words in pieces, as a vocabulary trained on far more text would; letting every one-off
     * word become a token (minimum 1) fills 6 000 tokens but drops the share of rows shared with bert-base-uncased
     * from about 25 % to 16 %, which looks less like a real second language model.
     */
    static final int VOCAB_SIZE = 4000;
    static final int MIN_FREQUENCY = 2;
    private static final Logger LOG = LoggerFactory.getLogger(GermanDemoVocabulary.class);

    private final Path cacheFolder;

    /** @param cacheFolder where the trained vocab.txt is kept between starts */
    public GermanDemoVocabulary(Path cacheFolder) {
        this.cacheFolder = cacheFolder;
    }

    /** {@code $XDG_CACHE_HOME/embedding-studio/demo}, or {@code ~/.cache/embedding-studio/demo}. */
    public static Path userCacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("embedding-studio").resolve("demo");
    }

    /**
     * The cached vocabulary's tokenizer, training and caching it first when there is none.
     *
     * @param trainingProgress the fraction of training done, reported only when training is needed
     */
    public Tokenizer load(DoubleConsumer trainingProgress) throws IOException {
        List<String> texts = GermanDemoTexts.read();
        WordPieceTrainer trainer = WordPieceTrainer.builder().setVocabSize(VOCAB_SIZE)
                .optMinFrequency(MIN_FREQUENCY).optLowercase(true).build();
        Path cached = cacheFile(texts);
        if (Files.isRegularFile(cached)) {
            try {
                return TokenizerLoader.load(cached);
            } catch (IOException e) {
                LOG.warn("Ignoring the unreadable cached demo vocabulary {}; training again", cached, e);
            }
        }
        long start = System.nanoTime();
        List<String> vocabulary = trainer.trainVocabulary(texts, trainingProgress, CancellationToken.none());
        LOG.info("Trained the German demo vocabulary ({} tokens) in {} ms", vocabulary.size(),
                (System.nanoTime() - start) / 1_000_000);
        try {
            WordPieceTrainer.writeVocabTxt(vocabulary, cached);
        } catch (IOException e) {
            // A read-only home must not cost the user the demo; the next start simply trains again.
            LOG.warn("Could not cache the German demo vocabulary in {}", cached, e);
            return trainer.tokenizer(vocabulary);
        }
        return TokenizerLoader.load(cached); // the same tokenizer a later start gets, source included
    }

    /**
     * The cache file for these texts and settings. Its name holds a hash of both, so edited texts or settings
     * never reuse a stale vocabulary, and no stale file ever needs to be detected.
     */
    Path cacheFile(List<String> texts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("wordpiece vocab=" + VOCAB_SIZE + " min=" + MIN_FREQUENCY + " lowercase\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String text : texts) {
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            return cacheFolder.resolve("german-vocab-" + hash + ".txt");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
