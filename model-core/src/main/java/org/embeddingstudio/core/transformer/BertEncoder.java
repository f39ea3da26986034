package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.engine.FusedBertLayers;

/**
 * The BERT / RoBERTa forward pass, following transformers' {@code modeling_bert.py}: embeddings (word + position +
 * token type, LayerNorm, dropout), then post-LN encoder layers (self-attention with attention mask, GELU
 * feed-forward), each sublayer up to its residual add as one PyTorch call ({@link FusedBertLayers}). Dropout is
 * applied only when {@code training} is true.
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
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            NDArray output;
            // Why a scope per layer: DJL keeps every array open until its scope closes, and an open array keeps
            // its memory although autograd saved only some of them for the backward pass. Closed here, a layer's
            // other intermediates (attention scores, pre-dropout outputs, reshaped copies) are freed as soon as the
            // layer is done instead of at the end of the training step: 1.2 GB less at the peak of a bert-base step.
            try (NDScope layerScope = new NDScope()) {
                output = layer(i, hidden, batch.attentionMask(), hook, training);
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

    NDArray layer(int index, NDArray hidden, NDArray attentionMask, ResidualHook hook, boolean training) {
        String prefix = "encoder.layer." + index + ".";
        float hiddenDropout = training ? config.hiddenDropoutProb() : 0;
        String self = prefix + "attention.self.";
        String output = prefix + "attention.output.dense";
        NDArray attentionOut = FusedBertLayers.attention(hidden, new FusedBertLayers.AttentionWeights(
                        weights.get(self + "query.weight"), weights.get(self + "key.weight"),
                        weights.get(self + "value.weight"), weights.get(self + "query.bias"),
                        weights.get(self + "key.bias"), weights.get(self + "value.bias"),
                        weights.get(output + ".weight"), weights.get(output + ".bias")),
                attentionMask, config.numAttentionHeads(), training ? config.attentionProbsDropoutProb() : 0,
                hiddenDropout);
        NDArray afterAttention = hook.apply(ResidualHook.Location.ATTENTION_OUTPUT, index, attentionOut, hidden,
                x -> layerNorm(x, prefix + "attention.output.LayerNorm"), training);
        NDArray feedForwardOut = FusedBertLayers.feedForward(afterAttention,
                weights.get(prefix + "intermediate.dense.weight"), weights.get(prefix + "intermediate.dense.bias"),
                weights.get(prefix + "output.dense.weight"), weights.get(prefix + "output.dense.bias"),
                hiddenDropout);
        return hook.apply(ResidualHook.Location.FFN_OUTPUT, index, feedForwardOut, afterAttention,
                x -> layerNorm(x, prefix + "output.LayerNorm"), training);
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
