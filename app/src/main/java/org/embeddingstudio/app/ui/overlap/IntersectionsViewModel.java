package org.embeddingstudio.app.ui.overlap;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.SuggestedFileName;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.VocabularyIntersections;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Intersections tab: several vocabularies at once — the workspace's embeddings and candidate tokenizers from
 * files — and, UpSet-style, how many tokens lie in exactly each combination of them.
 */
public final class IntersectionsViewModel {
    /** One vocabulary the user may include: an embedding's tokenizer, or a tokenizer file or folder. */
    public static final class Source {
        private final String label;
        private final String embedding;
        private final Path file;
        private final BooleanProperty included = new SimpleBooleanProperty(true);

        private Source(String label, String embedding, Path file) {
            this.label = label;
            this.embedding = embedding;
            this.file = file;
        }

        public String label() {
            return label;
        }

        public BooleanProperty includedProperty() {
            return included;
        }
    }

    /** A finished comparison: the vocabularies (in order), their sizes, and the non-empty subsets, largest first. */
    public record Result(List<String> names, List<Integer> sizes, List<VocabularyIntersections.Subset> subsets) {
        public Result {
            names = List.copyOf(names);
            sizes = List.copyOf(sizes);
            subsets = List.copyOf(subsets);
        }
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final BooleanProperty normalized = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(
            "Include two or more vocabularies — embeddings or tokenizer files — and compare.");

    public IntersectionsViewModel(WorkspaceViewModel workspace, TaskRunner tasks, DialogService dialogs) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.dialogs = dialogs;
        for (EmbeddingInfo info : workspace.embeddings()) {
            if (info.tokenizerSize() > 0) {
                sources.add(new Source(info.name(), info.name(), null));
            }
        }
    }

    public ObservableList<Source> sources() {
        return sources;
    }

    public BooleanProperty normalizedProperty() {
        return normalized;
    }

    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Adds a candidate tokenizer from a file or folder (read when comparing). */
    public void addTokenizer(Path file) {
        sources.add(new Source(file.getFileName().toString(), null, file));
    }

    /** Asks for a tokenizer file (tokenizer.json, vocab.txt, vocab.json) and adds it. */
    public void chooseTokenizer() {
        dialogs.chooseFileToOpen("Add a Tokenizer to Compare", "").ifPresent(this::addTokenizer);
    }

    /** Counts the tokens of every combination of the included vocabularies, in the background. */
    public void compare() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        List<Source> included = sources.stream().filter(s -> s.included.get()).toList();
        if (included.size() < 2) {
            summary.set("Include at least two vocabularies.");
            return;
        }
        boolean useNormalized = normalized.get();
        summary.set("Comparing " + included.size() + " vocabularies…");
        tasks.run("Comparing " + included.size() + " vocabularies…", (progress, cancellation) -> {
            List<String> names = new ArrayList<>();
            List<Vocabulary> vocabularies = new ArrayList<>();
            List<Tokenizer> opened = new ArrayList<>();
            try {
                for (Source source : included) {
                    Tokenizer tokenizer;
                    if (source.file != null) {
                        tokenizer = TokenizerLoader.load(source.file);
                        opened.add(tokenizer);
                    } else {
                        tokenizer = model.tokenizerOf(source.embedding).orElseThrow();
                    }
                    names.add(source.label);
                    vocabularies.add(tokenizer.vocabulary());
                }
                return new Result(names, vocabularies.stream().map(Vocabulary::size).toList(),
                        VocabularyIntersections.of(vocabularies,
                                useNormalized ? MatchOptions.normalized() : MatchOptions.exact()));
            } finally {
                opened.forEach(Tokenizer::close);
            }
        }, done -> {
            result.set(done);
            summary.set(describe(done, useNormalized));
        }, () -> summary.set("Comparing was cancelled."),
                () -> summary.set("Comparing failed: the Event Log says why."));
    }

    /** Asks where to save the plot as an image; the view draws it there. */
    public Optional<Path> chooseImageFile() {
        String[] included = sources.stream().filter(s -> s.included.get()).map(s -> s.label).toArray(String[]::new);
        return dialogs.chooseFileToSave("Save Intersections as PNG", SuggestedFileName.of(".png",
                included.length > 4 ? new String[] {"intersections"} : included));
    }

    /** Tells the user where the plot was saved, or why it was not. */
    public void imageSaved(Path file, Exception error) {
        summary.set(summary.get() + (error == null ? " Saved the plot to " + file
                : " Cannot save " + file + ": " + error.getMessage()));
    }

    static String describe(Result result, boolean normalized) {
        int all = result.subsets().stream().filter(s -> s.members().size() == result.names().size())
                .mapToInt(VocabularyIntersections.Subset::tokens).sum();
        List<String> only = new ArrayList<>();
        for (int v = 0; v < result.names().size(); v++) {
            int index = v;
            int alone = result.subsets().stream().filter(s -> s.members().equals(List.of(index)))
                    .mapToInt(VocabularyIntersections.Subset::tokens).sum();
            only.add(String.format(Locale.ROOT, "%,d only in '%s'", alone, result.names().get(v)));
        }
        return String.format(Locale.ROOT, "%s mode: %,d tokens in %s; %s.", normalized ? "Normalized" : "Exact", all,
                result.names().size() == 2 ? "both vocabularies" : "all " + result.names().size() + " vocabularies",
                String.join(", ", only));
    }
}
