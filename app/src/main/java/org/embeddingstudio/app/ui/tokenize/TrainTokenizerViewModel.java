package org.embeddingstudio.app.ui.tokenize;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.Notifier;
import org.embeddingstudio.core.tokenizer.ByteLevelBpeTrainer;
import org.embeddingstudio.core.tokenizer.CorpusLines;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.WordPieceTrainer;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Train Tokenizer dialog: a vocabulary of a chosen size trained on a corpus and saved as a Hugging Face
 * tokenizer folder, so candidate vocabularies can be compared (overlap, coverage) before adding embeddings for one.
 */
public final class TrainTokenizerViewModel {
    /** The subword models the dialog can train. */
    public enum Type {
        WORDPIECE("WordPiece (BERT)"),
        BYTE_LEVEL_BPE("Byte-level BPE (GPT-2, RoBERTa)");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final int SMALLEST = 100;
    static final int LARGEST = 1_000_000;

    private final TaskRunner tasks;
    private final Notifier notifier;
    private final ObjectProperty<Path> corpus = new SimpleObjectProperty<>();
    private final ObjectProperty<Type> type = new SimpleObjectProperty<>(Type.WORDPIECE);
    private final StringProperty size = new SimpleStringProperty("8000");
    private final BooleanProperty lowercase = new SimpleBooleanProperty(true);
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper sizeError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public TrainTokenizerViewModel(TaskRunner tasks, Notifier notifier) {
        this.tasks = tasks;
        this.notifier = notifier;
        size.addListener((o, old, value) -> sizeError.set(validateSize(value, type.get())));
        type.addListener((o, old, value) -> sizeError.set(validateSize(size.get(), value)));
    }

    public ObjectProperty<Path> corpusProperty() {
        return corpus;
    }

    public ObjectProperty<Type> typeProperty() {
        return type;
    }

    public List<Type> typeChoices() {
        return List.of(Type.values());
    }

    /** Vocabulary size, special tokens included. */
    public StringProperty sizeProperty() {
        return size;
    }

    public ReadOnlyStringProperty sizeErrorProperty() {
        return sizeError.getReadOnlyProperty();
    }

    /** Lower-case and strip accents, as bert-base-uncased does (WordPiece only: byte-level BPE keeps every byte). */
    public BooleanProperty lowercaseProperty() {
        return lowercase;
    }

    /** The folder the tokenizer is saved to. */
    public ObjectProperty<Path> outputProperty() {
        return output;
    }

    /**
     * What the last training did, or why it failed (also told through the failure route: the dialog is closed by
     * then).
     */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanBinding canConfirmBinding() {
        return Bindings.createBooleanBinding(() -> corpus.get() != null && output.get() != null
                && validateSize(size.get(), type.get()).isEmpty(), corpus, output, size, type);
    }

    /** The smallest vocabulary of a type: byte-level BPE needs its specials and all 256 byte symbols. */
    static int smallest(Type type) {
        return type == Type.BYTE_LEVEL_BPE ? Math.max(SMALLEST, ByteLevelBpeTrainer.minimumVocabSize(
                ByteLevelBpeTrainer.ROBERTA_SPECIAL_TOKENS.size())) : SMALLEST;
    }

    static String validateSize(String text, Type type) {
        try {
            int value = Integer.parseInt(text.strip().replace(",", "").replace("_", ""));
            return value < smallest(type) || value > LARGEST
                    ? "Between " + smallest(type) + " and " + String.format("%,d", LARGEST) + " tokens" : "";
        } catch (NumberFormatException e) {
            return "A whole number of tokens";
        }
    }

    /**
     * Trains in the background and saves the tokenizer; {@code onSaved} gets the folder (on the UI thread), so the
     * caller can offer the next step (add an embedding for it).
     */
    public void confirm(Consumer<Path> onSaved) {
        Path file = corpus.get();
        Path folder = output.get();
        int vocabularySize = Integer.parseInt(size.get().strip().replace(",", "").replace("_", ""));
        boolean lower = lowercase.get();
        Type model = type.get();
        status.set("Training…");
        tasks.run("Training a " + vocabularySize + "-token vocabulary on " + file.getFileName() + "…",
                (progress, cancellation) -> {
                    progress.message("Reading " + file.getFileName());
                    List<String> texts = CorpusLines.read(file);
                    progress.message("Training on " + texts.size() + " lines");
                    try (Tokenizer tokenizer = model == Type.BYTE_LEVEL_BPE
                            ? ByteLevelBpeTrainer.builder().setVocabSize(vocabularySize).build()
                            .train(texts, done -> progress.progress(done, 1), cancellation)
                            : WordPieceTrainer.builder().setVocabSize(vocabularySize).optLowercase(lower)
                            .optStripAccents(lower).build()
                            .train(texts, done -> progress.progress(done, 1), cancellation)) {
                        tokenizer.saveTo(folder);
                        return String.format("Trained a %s vocabulary of %,d tokens on %,d lines of %s; saved to %s",
                                model, tokenizer.vocabulary().size(), texts.size(), file.getFileName(), folder);
                    }
                }, done -> {
                    status.set(done);
                    notifier.info(done);
                    onSaved.accept(folder);
                }, error -> {
                    // The dialog shows the status while it is open; the route tells the user after it closed.
                    status.set("Cannot train on " + file + ": " + error.getMessage());
                    tasks.failures().report("Could not train a tokenizer on " + file, error);
                });
    }
}
