package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.CausalLmTask;

import java.io.IOException;
import java.util.Optional;

/**
 * After a decoder's run: the zero-shot check on the run's own held-out text — bits per byte under the trained
 * embedding with its adapter against the model as it came — so a Training summary says how far the new vocabulary
 * got, comparably across tokenizers (a per-token loss is not).
 */
public final class HeldOutCheck {
    /** At most about this much held-out text is read: the figure settles long before, and a big split takes long. */
    public static final int MAX_CHARS = 64 * 1024;

    private HeldOutCheck() {
    }

    /** Empty when the run kept nothing held out. */
    public static Optional<ZeroShotCheck> of(DecoderModel model, String embedding, RunRequest request,
                                             CancellationToken cancellation) throws IOException {
        Tokenizer tokenizer = model.tokenizerOf(embedding).orElseThrow(() -> new IllegalArgumentException(
                "the embedding '" + embedding + "' has no tokenizer"));
        String text = CausalLmTask.fromTextFile(request.data(), tokenizer, request.config()).heldOutText(MAX_CHARS);
        if (text.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ZeroShotCheck.of(model, embedding, text, ZeroShotCheck.window(model, null),
                cancellation));
    }
}
