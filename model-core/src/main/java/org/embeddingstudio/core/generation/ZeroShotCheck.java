package org.embeddingstudio.core.generation;

import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.Locale;

/**
 * How well a decoder predicts a held-out text through a new embedding (and its tokenizer) before any training,
 * against the model's own embedding and tokenizer — bits per byte both ways, so the two tokenizations compare
 * fairly. This is how tokenizer transplantation (tokensurgeon, ZeTT) is judged: a ratio near 1 means the new
 * vocabulary carried the model's knowledge over.
 *
 * @param reference the text under "default"
 * @param candidate the text under the new embedding
 */
public record ZeroShotCheck(String embedding, BitsPerByte.Result reference, BitsPerByte.Result candidate) {
    /** The longest window read by default: long enough for context, short enough for a laptop's memory. */
    public static final int LONGEST_DEFAULT_WINDOW = 1024;

    /** Tokens per forward pass: as asked (null: by default), at most the model's context, by default at most 1024. */
    public static int window(DecoderModel model, Integer asked) {
        int context = model.config().maxPositionEmbeddings();
        return asked != null ? Math.min(asked, context) : Math.min(context, LONGEST_DEFAULT_WINDOW);
    }

    /** "1.2345 bits per byte under 'new', 1.0000 under 'default' (ratio 1.235; 1 is no loss)". */
    public String describe() {
        return String.format(Locale.ROOT, "%.4f bits per byte under '%s', %.4f under 'default' (ratio %.3f; 1 is "
                + "no loss)", candidate.bitsPerByte(), embedding, reference.bitsPerByte(), ratio());
    }

    /** Bits per byte under the new embedding divided by those under "default": 1 is no loss. */
    public double ratio() {
        return candidate.bitsPerByte() / reference.bitsPerByte();
    }

    /**
     * Measures {@code text} under {@code embedding} (with the adapter active now, if any) and under the model as it
     * came ("default", no adapter). Before training this is the zero-shot figure; after, how far training brought
     * the new vocabulary. Each side runs on a {@link DecoderModel#snapshot}, so the model's lock is free meanwhile.
     *
     * @throws IllegalArgumentException when either embedding has no tokenizer to encode the text with
     */
    public static ZeroShotCheck of(DecoderModel model, String embedding, String text, int window,
                                   CancellationToken cancellation) {
        BitsPerByte.Result reference;
        try (DecoderSnapshot asItCame = model.snapshot(EmbeddingRegistry.DEFAULT, null)) {
            reference = measure(asItCame, text, window, cancellation);
        }
        try (DecoderSnapshot candidate = model.snapshot(embedding)) {
            return new ZeroShotCheck(embedding, reference, measure(candidate, text, window, cancellation));
        }
    }

    private static BitsPerByte.Result measure(DecoderSnapshot decoder, String text, int window,
                                              CancellationToken cancellation) {
        Tokenizer tokenizer = decoder.tokenizer().orElseThrow(() -> new IllegalArgumentException("the embedding '"
                + decoder.embedding().name() + "' has no tokenizer to encode the text with"));
        return BitsPerByte.of(decoder, tokenizer, text, window, cancellation);
    }
}
