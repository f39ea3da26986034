package org.embeddingstudio.core.generation;

/**
 * How to continue a prompt.
 *
 * @param maxNewTokens at most this many tokens after the prompt (fewer when an end-of-sequence token comes)
 * @param temperature  0 for greedy decoding (always the most likely token); above 0, sampling from the softmax of
 *                     logits / temperature
 * @param topK         when sampling, only the k most likely tokens (0: all)
 * @param seed         the sampler's seed, so a sampled continuation can be repeated
 */
public record GenerationOptions(int maxNewTokens, double temperature, int topK, long seed) {
    public GenerationOptions {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("the number of new tokens must be at least 1, not " + maxNewTokens);
        }
        if (!(temperature >= 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("the temperature must be 0 (greedy) or positive, not " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 (all tokens) or positive, not " + topK);
        }
    }

    /** Greedy decoding of up to {@code maxNewTokens}. */
    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 0, 0);
    }

    public boolean sampling() {
        return temperature > 0;
    }
}
