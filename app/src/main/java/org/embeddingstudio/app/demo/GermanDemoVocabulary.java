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
import java.util.stream.Stream;

/**
 * The demo's second vocabulary: WordPiece trained on {@link GermanDemoTexts}, lower-cased and accent-stripped like
 * bert-base-uncased so the two share a realistic part of their tokens. The trained vocab.txt is cached, so only the
 * first start pays for training.
 */
public final class GermanDemoVocabulary {
    /**
     * An upper bound: the texts run out of pairs seen twice at about 2 200 tokens. Merging only pairs seen at least
     * twice keeps one-off words in pieces, as a vocabulary trained on far more text would; letting every pair be
     * merged (minimum 1) fills 4 000 tokens but drops the share of rows shared with bert-base-uncased from about 32 %
     * to 22 %, which looks less like a real second language model.
     */
    static final int VOCAB_SIZE = 4000;
    static final int MIN_FREQUENCY = 2;
    /**
     * The trainer's algorithm, in the cache file's name: a vocabulary cached by an older trainer is never reused.
     * 1: pairs ranked by freq(ab)/(freq(a)freq(b)); 2: Hugging Face's WordPieceTrainer (most frequent pair).
     */
    static final int TRAINER_VERSION = 2;
    private static final String CACHE_PREFIX = "german-vocab-";
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
            deleteOtherVocabularies(cached);
        } catch (IOException e) {
            // A read-only home must not cost the user the demo; the next start simply trains again.
            LOG.warn("Could not cache the German demo vocabulary in {}", cached, e);
            return trainer.tokenizer(vocabulary);
        }
        return TokenizerLoader.load(cached); // the same tokenizer a later start gets, source included
    }

    /** Removes vocabularies cached for other texts, settings or trainers: they would never be read again. */
    private void deleteOtherVocabularies(Path keep) {
        try (Stream<Path> files = Files.list(cacheFolder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(CACHE_PREFIX)
                    && !f.equals(keep)).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove stale demo vocabularies from {}", cacheFolder, e);
        }
    }

    /**
     * The cache file for these texts and settings. Its name holds the trainer's version and a hash of both, so a
     * new trainer, edited texts or settings never reuse a stale vocabulary.
     */
    Path cacheFile(List<String> texts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("wordpiece v" + TRAINER_VERSION + " vocab=" + VOCAB_SIZE + " min=" + MIN_FREQUENCY
                    + " lowercase\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String text : texts) {
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            return cacheFolder.resolve(CACHE_PREFIX + "v" + TRAINER_VERSION + "-" + hash + ".txt");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
