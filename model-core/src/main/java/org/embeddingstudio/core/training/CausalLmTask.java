package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.TokenBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Next-token prediction on a plain-text file, as transformers' {@code run_clm.py} with grouped texts: lines are
 * encoded with the embedding's own tokenizer (BOS where its post-processor adds one), each closed by the EOS token so
 * packed documents are told apart, and packed into blocks of the sequence length ({@link TextBlocks}). Every position
 * but a block's last predicts the token after it; the loss is the mean cross-entropy over those positions, as
 * transformers' {@code ForCausalLMLoss} computes it from {@code labels = input_ids}.
 */
public final class CausalLmTask implements TrainingTask<DecoderModel> {
    private final Tokenizer tokenizer;
    private final TextBlocks blocks;
    private final long padId;

    private CausalLmTask(Tokenizer tokenizer, TextBlocks blocks) {
        this.tokenizer = tokenizer;
        this.blocks = blocks;
        // Padding only fills a short last block; the attention mask hides it and no label points at it.
        this.padId = tokenizer.vocabulary().specialTokenId(SpecialTokenRole.PAD).orElse(0);
    }

    /** Reads, encodes and packs a UTF-8 text file; the held-out share and the block length come from the config. */
    public static CausalLmTask fromTextFile(Path file, Tokenizer tokenizer, TrainingConfig config) throws IOException {
        long endOfText = tokenizer.vocabulary().specialTokenId(SpecialTokenRole.EOS).orElse(-1);
        return new CausalLmTask(tokenizer, TextBlocks.read(file, tokenizer, config, endOfText));
    }

    /** Blocks of token ids already made (the benchmark feeds the same blocks to the Python reference). */
    public static CausalLmTask ofBlocks(List<long[]> blocks, Tokenizer tokenizer, TrainingConfig config) {
        return new CausalLmTask(tokenizer, TextBlocks.split(blocks, config));
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int trainSize() {
        return blocks.train().size();
    }

    public int heldOutSize() {
        return blocks.held().size();
    }

    /**
     * The held-out blocks as text again (decoded, special tokens left out, one block a line), up to about
     * {@code maxChars}: what a check per byte reads, so that tokenizers compare on the same text.
     */
    public String heldOutText(int maxChars) {
        StringBuilder text = new StringBuilder();
        for (long[] block : blocks.held()) {
            if (text.length() >= maxChars) {
                break;
            }
            text.append(tokenizer.decode(block, true).strip()).append('\n');
        }
        return text.toString();
    }

    @Override
    public HostBatch trainBatch(int[] order, int offset, int batchSize, SplittableRandom random) {
        return nextTokens(blocks.trainRows(order, offset, batchSize));
    }

    @Override
    public List<HostBatch> evaluationBatches(int batchSize, long seed) {
        return blocks.heldOutBatches(batchSize).stream().map(this::nextTokens).toList();
    }

    /** Each position's label is the token after it; a block's last position predicts nothing. */
    HostBatch nextTokens(List<long[]> rows) {
        long[][] ids = new long[rows.size()][];
        long[][] types = new long[rows.size()][];
        long[][] labels = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            long[] row = rows.get(r);
            ids[r] = row.clone();
            types[r] = new long[row.length];
            labels[r] = new long[row.length];
            System.arraycopy(row, 1, labels[r], 0, row.length - 1);
            labels[r][row.length - 1] = HostBatch.IGNORED;
        }
        return new HostBatch(ids, types, labels, new long[0], padId);
    }

    @Override
    public LossAndAccuracy loss(DecoderModel model, HostBatch batch, NDManager manager, boolean training) {
        long[][] predicted = batch.predictedPositions();
        TokenBatch tokens = batch.toTokenBatch(manager);
        NDArray hidden = training ? model.trainingHiddenStates(tokens.inputIds(), tokens.attentionMask())
                : model.hiddenStates(tokens.inputIds(), tokens.attentionMask(), null);
        NDArray flat = hidden.reshape(-1, hidden.getShape().get(2));
        NDArray selected = flat.get(new NDIndex("{}", manager.create(predicted[0])));
        NDArray labels = manager.create(predicted[1]);
        // Gemma 2's soft cap bends the logits before the softmax: only plain logits take the chunked path.
        return model.config().logitSoftCap() > 0 ? CrossEntropy.of(model.logitsOf(selected), labels)
                : CrossEntropy.ofHead(selected, model.outputRows(), labels);
    }
}
