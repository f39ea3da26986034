package org.embeddingstudio.core.generation;

import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A prompt continued under one embedding of a decoder, token by token, each with where its row came from: what
 * Try It shows beside the same prompt under "default". A prompt token whose input row was drawn at random, or a
 * generated token whose output row was, is where a new vocabulary has not carried the model over yet.
 *
 * @param embedding  the embedding it ran under
 * @param prompt     the prompt's tokens
 * @param generated  the new tokens, an end-of-sequence token last if one came
 * @param endedOnEos whether it stopped at an end-of-sequence token rather than at the token limit
 * @param seconds    how long generating took
 */
public record Continuation(String embedding, List<Piece> prompt, List<Piece> generated, boolean endedOnEos,
                           double seconds) {
    /**
     * One token.
     *
     * @param token  the token as people read it ({@code <0xE2>}, {@code ▁the}, {@code <|eot_id|>})
     * @param text   the text it adds: none for a special token, nor for a byte token that completes no character
     *               (its bytes come with the token that does)
     * @param origin where the token's row came from in this embedding
     */
    public record Piece(int id, String token, String text, RowOrigin origin) {
    }

    public Continuation {
        prompt = List.copyOf(prompt);
        generated = List.copyOf(generated);
    }

    /**
     * Continues {@code prompt} under {@code embedding} with the active adapter, encoded with that embedding's
     * tokenizer. The model's lock is held only while the embedding is taken ({@link DecoderModel#snapshot}), so
     * the model can be read, switched and changed while this generates; it generates with what it took.
     *
     * @param onToken called with each new id as it is chosen (for progress)
     * @throws IllegalArgumentException when there is no such embedding, it has no tokenizer, or the prompt encodes
     *                                  to no token
     */
    public static Continuation of(DecoderModel model, String embedding, String prompt, GenerationOptions options,
                                  LongConsumer onToken, CancellationToken cancellation) {
        try (DecoderSnapshot decoder = model.snapshot(embedding)) {
            return of(decoder, prompt, options, onToken, cancellation);
        }
    }

    private static Continuation of(DecoderSnapshot decoder, String prompt, GenerationOptions options,
                                   LongConsumer onToken, CancellationToken cancellation) {
        EmbeddingSnapshot rows = decoder.embedding();
        Tokenizer tokenizer = decoder.tokenizer().orElseThrow(() -> new IllegalArgumentException("the embedding '"
                + rows.name() + "' has no tokenizer, so the prompt cannot be encoded for it"));
        long[] promptIds = tokenizer.encode(prompt).ids();
        Vocabulary vocabulary = tokenizer.vocabulary();
        long started = System.nanoTime();
        long[] generated = new TextGenerator(decoder, vocabulary).generate(promptIds, options, onToken, cancellation);
        double seconds = (System.nanoTime() - started) / 1e9;
        IncrementalDecoder promptText = new IncrementalDecoder(tokenizer, new long[0]);
        List<Piece> promptPieces = pieces(promptIds, promptText, vocabulary, rows);
        IncrementalDecoder generatedText = new IncrementalDecoder(tokenizer, promptIds);
        List<Piece> generatedPieces = pieces(generated, generatedText, vocabulary, rows);
        boolean endedOnEos = generated.length > 0 && generated.length < options.maxNewTokens()
                && !cancellation.isCancelled();
        return new Continuation(rows.name(), promptPieces, generatedPieces, endedOnEos, seconds);
    }

    private static List<Piece> pieces(long[] ids, IncrementalDecoder decoder, Vocabulary vocabulary,
                                      EmbeddingSnapshot rows) {
        List<Piece> pieces = new ArrayList<>();
        for (long id : ids) {
            int row = Math.toIntExact(id);
            pieces.add(new Piece(row, vocabulary.readableLabel(row), decoder.add(id),
                    row < rows.rows() ? rows.rowOrigin(row) : RowOrigin.UNKNOWN));
        }
        if (!pieces.isEmpty()) {
            String rest = decoder.rest();
            if (!rest.isEmpty()) {
                Piece last = pieces.removeLast();
                pieces.add(new Piece(last.id(), last.token(), last.text() + rest, last.origin()));
            }
        }
        return pieces;
    }
}
