package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.TokenBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Fill-mask predictions under an embedding: the text is encoded with that embedding's own tokenizer, and the
 * masked-LM head (tied to it) scores every token of its vocabulary at each mask position.
 */
public final class FillMask {
    /** One candidate for a masked position. */
    public record Prediction(String token, int id, double probability) {
    }

    /** The candidates for one mask, best first. */
    public record MaskPredictions(int position, List<Prediction> candidates) {
    }

    private FillMask() {
    }

    /**
     * @param text a text containing the tokenizer's mask token; "[MASK]" and "&lt;mask&gt;" are both accepted and
     *             translated to the tokenizer's own spelling
     * @param top  candidates per mask
     */
    public static List<MaskPredictions> predict(AdapterModel model, String embedding, String text, int top) {
        return model.whileActive(embedding, () -> {
            Tokenizer tokenizer = model.activeTokenizer().orElseThrow(() -> new IllegalArgumentException(
                    "the embedding '" + embedding + "' has no tokenizer, so text cannot be encoded for it"));
            return predict(model, tokenizer, text, top);
        });
    }

    private static List<MaskPredictions> predict(AdapterModel model, Tokenizer tokenizer, String text, int top) {
        String mask = tokenizer.vocabulary().specialToken(SpecialTokenRole.MASK);
        if (mask == null) {
            throw new IllegalArgumentException("the tokenizer " + tokenizer.source() + " has no mask token");
        }
        String masked = text.replace("[MASK]", mask).replace("<mask>", mask);
        Encoding encoding = tokenizer.encode(masked);
        long maskId = tokenizer.vocabulary().id(mask).orElseThrow();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < encoding.ids().length; i++) {
            if (encoding.ids()[i] == maskId) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("the text has no " + mask + " to fill");
        }
        List<MaskPredictions> result = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(model.device()); NDScope ignored = new NDScope()) {
            NDArray logits = model.maskedLmLogits(TokenBatch.of(manager, new long[][]{encoding.ids()},
                    new long[][]{encoding.typeIds()}, 0));
            for (int position : positions) {
                NDArray probabilities = logits.get(0, position).softmax(0);
                int k = (int) Math.min(top, probabilities.size());
                NDArray best = probabilities.argSort(0, false).get("0:" + k);
                long[] ids = best.toLongArray();
                float[] scores = probabilities.get(best).toFloatArray();
                List<Prediction> candidates = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    candidates.add(new Prediction(tokenizer.vocabulary().label((int) ids[i]), (int) ids[i], scores[i]));
                }
                result.add(new MaskPredictions(position, candidates));
            }
        }
        return result;
    }
}
