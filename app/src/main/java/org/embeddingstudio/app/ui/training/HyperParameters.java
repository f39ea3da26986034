package org.embeddingstudio.app.ui.training;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.core.engine.CpuFeatures;
import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.training.TrainingConfig;

import java.util.List;
import java.util.Locale;

/**
 * The hyper-parameters as the user types them (text, so a half-typed value is not lost), with the defaults of
 * {@link TrainingConfig#defaults()} and a parse that names the field a bad value is in.
 */
public final class HyperParameters {
    /** A field of the property sheet: what it is called, what it means, and its text. */
    public record Field(String name, String description, StringProperty text) {
    }

    private final StringProperty learningRate = new SimpleStringProperty();
    private final StringProperty batchSize = new SimpleStringProperty();
    private final StringProperty sequenceLength = new SimpleStringProperty();
    private final StringProperty steps = new SimpleStringProperty();
    private final StringProperty epochs = new SimpleStringProperty();
    private final StringProperty warmup = new SimpleStringProperty();
    private final StringProperty weightDecay = new SimpleStringProperty();
    private final StringProperty gradientClipping = new SimpleStringProperty();
    private final StringProperty seed = new SimpleStringProperty();
    private final StringProperty heldOut = new SimpleStringProperty();
    private final StringProperty evaluateEvery = new SimpleStringProperty();
    private final StringProperty checkpointEvery = new SimpleStringProperty();
    private final ObjectProperty<Precision> precision = new SimpleObjectProperty<>(Precision.FP32);
    private final ObservableList<Precision> precisions = FXCollections.observableArrayList(Precision.values());
    private final List<Field> fields = List.of(
            new Field("Learning rate", "Peak learning rate of AdamW", learningRate),
            new Field("Batch size", "Sequences per step", batchSize),
            new Field("Sequence length", "Tokens per sequence; longer ones are cut", sequenceLength),
            new Field("Steps", "Optimisation steps; 0 means: use the epochs", steps),
            new Field("Epochs", "Passes over the training split when steps is 0", epochs),
            new Field("Warm-up ratio", "Share of the steps over which the learning rate rises from 0", warmup),
            new Field("Weight decay", "AdamW's decoupled weight decay", weightDecay),
            new Field("Gradient clipping", "Largest global gradient norm; 0 disables", gradientClipping),
            new Field("Seed", "Seeds the split, data order, masking and dropout", seed),
            new Field("Held-out split", "Share of the data kept for evaluation", heldOut),
            new Field("Evaluate every", "Steps between evaluations (and one at the end); 0: only at the end",
                    evaluateEvery),
            new Field("Checkpoint every", "Steps between checkpoints a run can resume from", checkpointEvery));

    public HyperParameters() {
        show(TrainingConfig.defaults().withCheckpointEvery(25).withEvaluation(0.1, 25));
    }

    /** Every field, in the order of the sheet. */
    public List<Field> fields() {
        return fields;
    }

    /** The texts, for listening to any change. */
    public Observable[] observables() {
        return fields.stream().map(Field::text).toArray(Observable[]::new);
    }

    /** Shows a configuration's values (a run's, when it is reopened). */
    public void show(TrainingConfig config) {
        learningRate.set(number(config.learningRate()));
        batchSize.set(Integer.toString(config.batchSize()));
        sequenceLength.set(Integer.toString(config.maxLength()));
        steps.set(Integer.toString(config.steps()));
        epochs.set(Integer.toString(config.epochs()));
        warmup.set(number(config.warmupRatio()));
        weightDecay.set(number(config.weightDecay()));
        gradientClipping.set(number(config.maxGradNorm()));
        seed.set(Long.toString(config.seed()));
        heldOut.set(number(config.evalSplit()));
        evaluateEvery.set(Integer.toString(config.evalEvery()));
        checkpointEvery.set(Integer.toString(config.checkpointEvery()));
        precision.set(config.precision());
    }

    private static String number(double value) {
        return value != 0 && Math.abs(value) < 1e-3 ? String.format(Locale.ROOT, "%.0e", value)
                : Double.toString(value).replaceAll("\\.0$", "");
    }

    public StringProperty steps() {
        return steps;
    }

    public StringProperty heldOut() {
        return heldOut;
    }

    public StringProperty learningRate() {
        return learningRate;
    }

    public StringProperty batchSize() {
        return batchSize;
    }

    public StringProperty sequenceLength() {
        return sequenceLength;
    }

    public StringProperty evaluateEvery() {
        return evaluateEvery;
    }

    public StringProperty checkpointEvery() {
        return checkpointEvery;
    }

    /** The arithmetic of the run's matrix products (not a text field: a choice). */
    public ObjectProperty<Precision> precision() {
        return precision;
    }

    public ObservableList<Precision> precisions() {
        return precisions;
    }

    /** What the chosen precision means, under the choice. */
    public StringBinding precisionNote() {
        return Bindings.createStringBinding(() -> precision.get() == null ? "" : precision.get().description()
                + (precision.get() == Precision.BF16 ? CpuFeatures.bf16Warning().map(w -> ". " + w).orElse("") : ""),
                precision);
    }

    /**
     * The configuration the fields describe.
     *
     * @throws IllegalArgumentException naming the field that does not parse or is out of range
     */
    public TrainingConfig parse() {
        double rate = decimal("Learning rate", learningRate);
        int batch = integer("Batch size", batchSize);
        int length = integer("Sequence length", sequenceLength);
        int stepCount = integer("Steps", steps);
        int epochCount = integer("Epochs", epochs);
        double warm = decimal("Warm-up ratio", warmup);
        double decay = decimal("Weight decay", weightDecay);
        double clip = decimal("Gradient clipping", gradientClipping);
        long seedValue = integer("Seed", seed);
        double split = decimal("Held-out split", heldOut);
        int every = integer("Evaluate every", evaluateEvery);
        int checkpoints = integer("Checkpoint every", checkpointEvery);
        return new TrainingConfig(rate, batch, length, stepCount, epochCount, warm, decay, clip, seedValue, split,
                every, checkpoints, TrainingConfig.defaults().maskProbability(), precision.get());
    }

    private static double decimal(String name, StringProperty text) {
        try {
            double value = Double.parseDouble(text.get().strip());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(name + ": '" + text.get() + "' is not a number");
        }
    }

    private static int integer(String name, StringProperty text) {
        try {
            return Integer.parseInt(text.get().strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(name + ": '" + text.get() + "' is not a whole number");
        }
    }
}
