package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.engine.GraphScalars;

/**
 * The BERT / RoBERTa forward pass, following transformers' {@code modeling_bert.py}: embeddings (word + position +
 * token type, LayerNorm, dropout), then post-LN encoder layers (self-attention with attention mask, GELU
 * feed-forward). Dropout is applied only when {@code training} is true.
 *
 * <p>Every intermediate array belongs to the caller's {@link ai.djl.ndarray.NDScope} or manager; this class holds
 * no state besides the parameters it reads.
 */
public final class BertEncoder {
    private final BertConfig config;
    private final BertWeights weights;

    public BertEncoder(BertWeights weights) {
        this.config = weights.config();
        this.weights = weights;
    }

    public BertConfig config() {
        return config;
    }

    /**
     * Runs the encoder.
     *
     * @param wordEmbeddings the active word embeddings, (V, H)
     * @return the last hidden states, (B, T, H)
     */
    public NDArray forward(NDArray wordEmbeddings, TokenBatch batch, ResidualHook hook, boolean training) {
        NDArray hidden = embed(wordEmbeddings, batch, training);
        NDArray additiveMask = additiveMask(batch.attentionMask());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            NDArray output;
            // Why a scope per layer: DJL keeps every array open until its scope closes, and an open array keeps
            // its memory although autograd saved only some of them for the backward pass. Closed here, a layer's
            // other intermediates (attention scores, pre-dropout outputs, reshaped copies) are freed as soon as the
            // layer is done instead of at the end of the training step: 1.2 GB less at the peak of a bert-base step.
            try (NDScope layerScope = new NDScope()) {
                output = layer(i, hidden, additiveMask, hook, training);
                NDScope.unregister(output);
            }
            NDScope.register(output); // the caller's scope closes the output, as it did before
            hidden = output;
        }
        return hidden;
    }

    /** Pooler: {@code tanh(dense(hidden[:, 0]))}, (B, H). */
    public NDArray pool(NDArray hidden) {
        NDArray first = hidden.get(new NDIndex(":, 0, :"));
        return linear(first, "pooler.dense").tanh();
    }

    NDArray embed(NDArray wordEmbeddings, TokenBatch batch, boolean training) {
        if (wordEmbeddings.getShape().get(1) != config.hiddenSize()) {
            throw new IllegalArgumentException("word embeddings of dimension " + wordEmbeddings.getShape().get(1)
                    + " do not fit a model of hidden size " + config.hiddenSize());
        }
        NDArray words = Embedding.embedding(batch.inputIds(), wordEmbeddings, SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = Embedding.embedding(positionIds(batch),
                weights.get("embeddings.position_embeddings.weight"), SparseFormat.DENSE).singletonOrThrow();
        NDArray types = Embedding.embedding(batch.tokenTypeIds(),
                weights.get("embeddings.token_type_embeddings.weight"), SparseFormat.DENSE).singletonOrThrow();
        NDArray sum = words.add(positions).add(types);
        return dropout(layerNorm(sum, "embeddings.LayerNorm"), config.hiddenDropoutProb(), training);
    }

    /** BERT: 0, 1, 2, …; RoBERTa: cumulative count of non-padding tokens, offset by the padding index. */
    NDArray positionIds(TokenBatch batch) {
        NDArray ids = batch.inputIds();
        long length = batch.length();
        if (length > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence length " + length + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        NDManager manager = ids.getManager();
        if (!config.architecture().positionsFollowPadding()) {
            return manager.arange(0L, length, 1L, DataType.INT64, ids.getDevice())
                    .reshape(1, length).broadcast(ids.getShape());
        }
        NDArray notPad = ids.neq(config.padTokenId()).toType(DataType.INT64, false);
        return notPad.cumSum(1).mul(notPad).add(config.padTokenId());
    }

    /** (B, T) 1/0 mask → (B, 1, 1, T) additive mask: 0 where attended, the lowest float where masked. */
    static NDArray additiveMask(NDArray attentionMask) {
        Shape shape = attentionMask.getShape();
        NDArray blocked = attentionMask.toType(DataType.FLOAT32, false).neg().add(1f);
        return blocked.mul(-Float.MAX_VALUE).reshape(shape.get(0), 1, 1, shape.get(1));
    }

    NDArray layer(int index, NDArray hidden, NDArray additiveMask, ResidualHook hook, boolean training) {
        String prefix = "encoder.layer." + index + ".";
        NDArray context = selfAttention(prefix, hidden, additiveMask, training);
        NDArray attentionOut = dropout(linear(context, prefix + "attention.output.dense"), config.hiddenDropoutProb(),
                training);
        NDArray afterAttention = hook.apply(ResidualHook.Location.ATTENTION_OUTPUT, index, attentionOut, hidden,
                x -> layerNorm(x, prefix + "attention.output.LayerNorm"), training);
        NDArray intermediate = Activation.gelu(linear(afterAttention, prefix + "intermediate.dense"));
        NDArray output = dropout(linear(intermediate, prefix + "output.dense"), config.hiddenDropoutProb(), training);
        return hook.apply(ResidualHook.Location.FFN_OUTPUT, index, output, afterAttention,
                x -> layerNorm(x, prefix + "output.LayerNorm"), training);
    }

    NDArray selfAttention(String prefix, NDArray hidden, NDArray additiveMask, boolean training) {
        Shape shape = hidden.getShape(); // (B, T, H)
        long b = shape.get(0);
        long t = shape.get(1);
        int heads = config.numAttentionHeads();
        int d = config.headSize();
        NDArray q = linear(hidden, prefix + "attention.self.query").reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray k = linear(hidden, prefix + "attention.self.key").reshape(b, t, heads, d).transpose(0, 2, 3, 1);
        NDArray v = linear(hidden, prefix + "attention.self.value").reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray product = Autocast.matMul(q, k); // (B, nh, T, T)
        NDArray scores = product.div(GraphScalars.of(product, (float) Math.sqrt(d))).add(additiveMask);
        NDArray probabilities = dropout(scores.softmax(-1), config.attentionProbsDropoutProb(), training);
        return Autocast.matMul(probabilities, v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d); // (B, T, H)
    }

    NDArray linear(NDArray input, String name) {
        return Autocast.linear(input, weights.get(name + ".weight"), weights.get(name + ".bias"));
    }

    NDArray layerNorm(NDArray input, String name) {
        return LayerNorm.layerNorm(input, new Shape(config.hiddenSize()), weights.get(name + ".weight"),
                weights.get(name + ".bias"), config.layerNormEps()).singletonOrThrow();
    }

    static NDArray dropout(NDArray input, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(input, rate, true).singletonOrThrow() : input;
    }
}
