package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tokenizer.EncodeOptions;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Sequence(-pair) classification: each example encoded with the embedding's own tokenizer (truncated to the
 * configured length), its label an index into the sorted label names.
 */
public final class ClassificationTask implements TrainingTask<AdapterModel> {
    private final Tokenizer tokenizer;
    private final List<Encoded> train;
    private final List<Encoded> held;
    private final List<String> labels;
    private final long padId;
    private final double majorityAccuracy;

    private record Encoded(long[] ids, long[] typeIds, long label) {
    }

    private ClassificationTask(Tokenizer tokenizer, List<Encoded> train, List<Encoded> held, List<String> labels,
                               long padId) {
        this.tokenizer = tokenizer;
        this.train = train;
        this.held = held;
        this.labels = labels;
        this.padId = padId;
        this.majorityAccuracy = majority(train, held, labels.size());
    }

    /**
     * Encodes the examples and holds out {@code config.evalSplit()} of them, chosen by the seed; classes are the
     * examples' labels, sorted.
     */
    public static ClassificationTask of(List<LabeledExample> examples, Tokenizer tokenizer, TrainingConfig config) {
        return of(examples, tokenizer, config, null);
    }

    /**
     * As {@link #of(List, Tokenizer, TrainingConfig)}, with class ids in the order of {@code labelOrder} (an existing
     * head's labels, so that the head keeps meaning what it was trained to mean); null sorts the examples' labels.
     *
     * @throws IllegalArgumentException when an example's label is not in {@code labelOrder}
     */
    public static ClassificationTask of(List<LabeledExample> examples, Tokenizer tokenizer, TrainingConfig config,
                                        List<String> labelOrder) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to train on");
        }
        Map<String, Integer> labelIds = new TreeMap<>();
        examples.forEach(e -> labelIds.putIfAbsent(e.label(), 0));
        List<String> labels = new ArrayList<>(labelIds.keySet());
        if (labelOrder != null) {
            List<String> unknown = labels.stream().filter(l -> !labelOrder.contains(l)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("labels " + unknown + " are not among the head's " + labelOrder);
            }
            labels = List.copyOf(labelOrder);
        }
        labelIds.clear();
        for (int i = 0; i < labels.size(); i++) {
            labelIds.put(labels.get(i), i);
        }
        EncodeOptions options = EncodeOptions.defaults().truncatedTo(config.maxLength());
        List<Encoded> encoded = new ArrayList<>();
        for (LabeledExample example : examples) {
            Encoding encoding = example.pair() == null ? tokenizer.encode(example.text(), options)
                    : tokenizer.encode(example.text(), example.pair(), options);
            encoded.add(new Encoded(encoding.ids(), encoding.typeIds(), labelIds.get(example.label())));
        }
        int[] order = Shuffle.permutation(encoded.size(), new SplittableRandom(config.seed()));
        int heldCount = config.evalSplit() > 0 && encoded.size() > 1
                ? Math.max(1, Math.min(encoded.size() - 1, (int) Math.round(encoded.size() * config.evalSplit()))) : 0;
        List<Encoded> held = new ArrayList<>();
        List<Encoded> train = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < heldCount ? held : train).add(encoded.get(order[i]));
        }
        long pad = tokenizer.vocabulary().specialTokenId(SpecialTokenRole.PAD).orElse(0);
        return new ClassificationTask(tokenizer, train, held, labels, pad);
    }

    /** Label names by class index (sorted). */
    public List<String> labels() {
        return labels;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int trainSize() {
        return train.size();
    }

    @Override
    public HostBatch trainBatch(int[] order, int offset, int batchSize, SplittableRandom random) {
        List<Encoded> rows = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            rows.add(train.get(order[(offset + i) % order.length]));
        }
        return batch(rows);
    }

    @Override
    public List<HostBatch> evaluationBatches(int batchSize, long seed) {
        List<HostBatch> batches = new ArrayList<>();
        for (int from = 0; from < held.size(); from += batchSize) {
            batches.add(batch(held.subList(from, Math.min(held.size(), from + batchSize))));
        }
        return batches;
    }

    private HostBatch batch(List<Encoded> rows) {
        long[][] ids = new long[rows.size()][];
        long[][] types = new long[rows.size()][];
        long[] labelsOfRows = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ids[i] = rows.get(i).ids();
            types[i] = rows.get(i).typeIds();
            labelsOfRows[i] = rows.get(i).label();
        }
        return new HostBatch(ids, types, new long[0][], labelsOfRows, padId);
    }

    @Override
    public LossAndAccuracy loss(AdapterModel model, HostBatch batch, NDManager manager, boolean training) {
        NDArray hidden = training ? model.trainingHiddenStates(batch.toTokenBatch(manager))
                : model.hiddenStates(batch.toTokenBatch(manager));
        NDArray logits = model.classificationLogitsOf(hidden, training);
        return CrossEntropy.of(logits, batch.sequenceLabelArray(manager));
    }

    @Override
    public double majorityAccuracy() {
        return majorityAccuracy;
    }

    /** Accuracy on the held-out split of always predicting the training split's most frequent label. */
    private static double majority(List<Encoded> train, List<Encoded> held, int labelCount) {
        if (held.isEmpty()) {
            return Double.NaN;
        }
        int[] counts = new int[labelCount];
        train.forEach(e -> counts[(int) e.label()]++);
        int best = 0;
        for (int i = 1; i < labelCount; i++) {
            best = counts[i] > counts[best] ? i : best;
        }
        final int majority = best;
        return held.stream().filter(e -> e.label() == majority).count() / (double) held.size();
    }
}
