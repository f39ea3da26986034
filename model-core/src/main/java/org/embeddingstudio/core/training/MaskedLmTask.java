package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Masked-LM training on a plain-text file, as transformers' {@code run_mlm.py} with grouped texts
 * ({@link TextBlocks}), and each batch masks tokens as {@code DataCollatorForLanguageModeling}: of the chosen
 * non-special tokens 80 % become the mask token, 10 % a random token, 10 % stay.
 */
public final class MaskedLmTask implements TrainingTask<AdapterModel> {
    private final Tokenizer tokenizer;
    private final TextBlocks blocks;
    private final Vocabulary vocabulary;
    private final double maskProbability;
    private final long maskId;
    private final long padId;
    private final boolean[] special;

    private MaskedLmTask(Tokenizer tokenizer, TextBlocks blocks, double maskProbability) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        this.tokenizer = tokenizer;
        this.blocks = blocks;
        this.vocabulary = vocabulary;
        this.maskProbability = maskProbability;
        this.maskId = vocabulary.specialTokenId(SpecialTokenRole.MASK).orElseThrow(() ->
                new IllegalArgumentException("the tokenizer has no mask token, so it cannot train a masked LM"));
        this.padId = vocabulary.specialTokenId(SpecialTokenRole.PAD).orElse(0);
        this.special = new boolean[vocabulary.size()];
        for (String token : vocabulary.specialTokenStrings()) {
            vocabulary.id(token).ifPresent(id -> special[id] = true);
        }
    }

    /**
     * Reads and encodes a UTF-8 text file.
     *
     * The held-out share and the sequence length come from {@code config}.
     */
    public static MaskedLmTask fromTextFile(Path file, Tokenizer tokenizer, TrainingConfig config) throws IOException {
        return new MaskedLmTask(tokenizer, TextBlocks.read(file, tokenizer, config, -1), config.maskProbability());
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

    @Override
    public HostBatch trainBatch(int[] order, int offset, int batchSize, SplittableRandom random) {
        return mask(blocks.trainRows(order, offset, batchSize), random);
    }

    @Override
    public List<HostBatch> evaluationBatches(int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        return blocks.heldOutBatches(batchSize).stream().map(rows -> mask(rows, random)).toList();
    }

    HostBatch mask(List<long[]> rows, SplittableRandom random) {
        long[][] ids = new long[rows.size()][];
        long[][] types = new long[rows.size()][];
        long[][] labels = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            long[] row = rows.get(r);
            ids[r] = row.clone();
            types[r] = new long[row.length];
            labels[r] = new long[row.length];
            Arrays.fill(labels[r], HostBatch.IGNORED);
            for (int t = 0; t < row.length; t++) {
                if (special[(int) row[t]] || random.nextDouble() >= maskProbability) {
                    continue;
                }
                labels[r][t] = row[t];
                double choice = random.nextDouble();
                if (choice < 0.8) {
                    ids[r][t] = maskId;
                } else if (choice < 0.9) {
                    ids[r][t] = random.nextInt(vocabulary.size());
                }
            }
        }
        return new HostBatch(ids, types, labels, new long[0], padId);
    }

    @Override
    public LossAndAccuracy loss(AdapterModel model, HostBatch batch, NDManager manager, boolean training) {
        long[][] predicted = batch.predictedPositions();
        if (predicted[0].length == 0) {
            // Nothing masked (tiny batch, bad luck): predict the first real token so the step still has a loss.
            batch.tokenLabels()[0][1 % batch.ids()[0].length] = batch.ids()[0][1 % batch.ids()[0].length];
            predicted = batch.predictedPositions();
        }
        NDArray hidden = training ? model.trainingHiddenStates(batch.toTokenBatch(manager))
                : model.hiddenStates(batch.toTokenBatch(manager));
        long width = hidden.getShape().get(2);
        NDArray flat = hidden.reshape(-1, width);
        NDArray selected = flat.get(new NDIndex("{}", manager.create(predicted[0])));
        NDArray logits = model.maskedLmLogitsOf(selected);
        return CrossEntropy.of(logits, manager.create(predicted[1]));
    }
}
