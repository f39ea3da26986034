package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.TokenBatch;

import java.util.List;

/**
 * Sentence similarity under an embedding, as sentence-transformers computes it for a model such as
 * all-MiniLM-L6-v2: the mean of the last hidden states over the sentence's tokens (padding excluded), and the cosine
 * of two such vectors. This is what a sentence-embedding model is for; its masked-LM head, if any, is not pretrained.
 */
public final class SentenceSimilarity {
    private SentenceSimilarity() {
    }

    /**
     * The mean-pooled sentence vectors of {@code sentences}, each encoded with {@code embedding}'s own tokenizer and
     * run with that embedding (the active one is restored afterwards).
     */
    public static float[][] meanPooled(AdapterModel model, String embedding, List<String> sentences) {
        return model.whileActive(embedding, () -> {
            Tokenizer tokenizer = model.activeTokenizer().orElseThrow(() -> new IllegalArgumentException(
                    "the embedding '" + embedding + "' has no tokenizer, so text cannot be encoded for it"));
            return meanPooled(model, tokenizer, sentences);
        });
    }

    private static float[][] meanPooled(AdapterModel model, Tokenizer tokenizer, List<String> sentences) {
        List<Encoding> encodings = tokenizer.encodeBatch(sentences);
        long[][] ids = encodings.stream().map(Encoding::ids).toArray(long[][]::new);
        long[][] types = encodings.stream().map(Encoding::typeIds).toArray(long[][]::new);
        try (NDManager manager = NDManager.newBaseManager(model.device()); NDScope ignored = new NDScope()) {
            TokenBatch batch = TokenBatch.of(manager, ids, types, tokenizer.padTokenId().orElse(0));
            NDArray hidden = model.hiddenStates(batch); // (B, T, H)
            NDArray mask = batch.attentionMask().toType(DataType.FLOAT32, false).expandDims(2); // (B, T, 1)
            NDArray pooled = hidden.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}).maximum(1e-9f));
            float[] flat = pooled.toFloatArray();
            int size = Math.toIntExact(pooled.getShape().get(1));
            float[][] vectors = new float[sentences.size()][size];
            for (int i = 0; i < vectors.length; i++) {
                System.arraycopy(flat, i * size, vectors[i], 0, size);
            }
            return vectors;
        }
    }

    /** The cosine similarity of two sentences under {@code embedding}, -1 to 1. */
    public static double similarity(AdapterModel model, String embedding, String first, String second) {
        float[][] vectors = meanPooled(model, embedding, List.of(first, second));
        return cosine(vectors[0], vectors[1]);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
