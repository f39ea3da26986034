package org.embeddingstudio.app.ui.tryit;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.generation.Continuation;
import org.embeddingstudio.core.generation.GenerationOptions;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tokenizer.ReadableToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Try It for a decoder: a prompt continued under the active embedding and under "default", side by side, each token
 * coloured by where its row came from — a prompt token on a random input row, or a generated token from a random
 * output row, is where the new vocabulary has not carried the model over yet. Greedy by default (the same prompt
 * gives the same text), or sampled with a temperature and top-k from a seed; each stops at its tokenizer's end of
 * sequence.
 */
public final class GenerationViewModel {
    /**
     * One token as shown: the text it adds, whitespace made visible as Tokenize and the overlap tables show it
     * (a chip of only a space would be an empty box), or, for one that adds none (a special token, a byte that
     * completes no character yet), the token itself; where its row came from; whether it is the prompt's.
     */
    public record GeneratedToken(String text, boolean addsText, RowOrigin origin, boolean prompt) {
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final StringProperty prompt = new SimpleStringProperty("The capital of France is");
    private final StringProperty maxNewTokens = new SimpleStringProperty("24");
    private final BooleanProperty sampling = new SimpleBooleanProperty(false);
    private final StringProperty temperature = new SimpleStringProperty("0.8");
    private final StringProperty topK = new SimpleStringProperty("40");
    private final StringProperty seed = new SimpleStringProperty("0");
    private final ObservableList<GeneratedToken> active = FXCollections.observableArrayList();
    private final ObservableList<GeneratedToken> reference = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper activeTitle = new ReadOnlyStringWrapper("Active embedding");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    public GenerationViewModel(WorkspaceViewModel workspace, TaskRunner tasks) {
        this.workspace = workspace;
        this.tasks = tasks;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    /** At most this many new tokens, as typed. */
    public StringProperty maxNewTokensProperty() {
        return maxNewTokens;
    }

    /** Sampled (temperature, top-k, seed) rather than greedy. */
    public BooleanProperty samplingProperty() {
        return sampling;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty topKProperty() {
        return topK;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** The prompt and its continuation under the active embedding, token by token. */
    public ObservableList<GeneratedToken> activeTokens() {
        return active;
    }

    /** The same under "default". */
    public ObservableList<GeneratedToken> defaultTokens() {
        return reference;
    }

    public ReadOnlyStringProperty activeTitleProperty() {
        return activeTitle.getReadOnlyProperty();
    }

    /** Speeds, why a continuation stopped, or what is wrong with the settings. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /**
     * Continues the prompt under both embeddings, in the background (cancellable from the status bar, which shows
     * the tokens so far). Each continuation runs on what it took of its embedding and the adapter when it started,
     * without the model's lock: the tree, Properties and every other view stay usable meanwhile.
     */
    public void generate() {
        if (!(workspace.modelProperty().get() instanceof DecoderModel model)) {
            return;
        }
        GenerationOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            note.set(e.getMessage());
            return;
        }
        String text = prompt.get();
        String embedding = workspace.activeEmbeddingProperty().get();
        int tokens = options.maxNewTokens();
        // Under "default" itself both columns are the same continuation: generate it once.
        boolean once = EmbeddingRegistry.DEFAULT.equals(embedding);
        int total = once ? tokens : 2 * tokens;
        tasks.run(once ? "Generating under 'default'…" : "Generating under '" + embedding + "' and 'default'…",
                (progress, cancellation) -> {
                    Continuation underActive = Continuation.of(model, embedding, text, options,
                            counted(progress, 0, total), cancellation);
                    return List.of(underActive, once ? underActive : Continuation.of(model,
                            EmbeddingRegistry.DEFAULT, text, options, counted(progress, tokens, total), cancellation));
                },
                continuations -> show(continuations.get(0), continuations.get(1), options),
                () -> note.set("Generating was cancelled."),
                () -> note.set("Generating failed: the Event Log says why."));
    }

    /** Reports each new token as progress over all {@code total}: {@code before} tokens came before these. */
    private static LongConsumer counted(ProgressSink progress, int before, int total) {
        int[] count = {before};
        return id -> progress.progress(++count[0], total);
    }

    private GenerationOptions options() {
        int tokens = whole(maxNewTokens.get(), "the number of new tokens");
        if (!sampling.get()) {
            return GenerationOptions.greedy(tokens);
        }
        double chosenTemperature;
        try {
            chosenTemperature = Double.parseDouble(temperature.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Enter the temperature as a number, such as 0.8.");
        }
        return new GenerationOptions(tokens, chosenTemperature, whole(topK.get(), "top-k"),
                whole(seed.get(), "the seed"));
    }

    private static int whole(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Enter " + what + " as a whole number.");
        }
    }

    private void show(Continuation underActive, Continuation underDefault, GenerationOptions options) {
        activeTitle.set("'" + underActive.embedding() + "' (active)");
        active.setAll(tokens(underActive));
        reference.setAll(tokens(underDefault));
        note.set(String.format(Locale.ROOT, "%s · '%s': %s · 'default': %s.",
                options.sampling() ? "Sampled (temperature " + options.temperature() + ", top-k " + options.topK()
                        + ", seed " + options.seed() + ")" : "Greedy", underActive.embedding(), summary(underActive),
                summary(underDefault)));
    }

    private static String summary(Continuation continuation) {
        return String.format(Locale.ROOT, "%,d tokens in %.1f s%s", continuation.generated().size(),
                continuation.seconds(), continuation.endedOnEos() ? ", stopped at end of sequence" : "");
    }

    private static List<GeneratedToken> tokens(Continuation continuation) {
        List<GeneratedToken> tokens = new ArrayList<>();
        continuation.prompt().forEach(piece -> tokens.add(token(piece, true)));
        continuation.generated().forEach(piece -> tokens.add(token(piece, false)));
        return tokens;
    }

    private static GeneratedToken token(Continuation.Piece piece, boolean prompt) {
        boolean addsText = !piece.text().isEmpty();
        return new GeneratedToken(addsText ? ReadableToken.visibleWhitespace(piece.text()) : piece.token(), addsText,
                piece.origin(), prompt);
    }
}
