package org.embeddingstudio.app.ui.overlap;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.TokenPair;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Overlap editor tab: two embeddings' vocabularies compared in exact or normalized mode — the counts, the
 * false-friend warning, and every token in a filterable, searchable table.
 */
public final class OverlapViewModel {
    /** Which rows the table shows. */
    public enum Filter { ALL, SHARED, ONLY_A, ONLY_B }

    /** One table row: a token of A and/or B, and how it was matched ("" when it is on one side only). */
    public record Row(String tokenA, int idA, String tokenB, int idB, String match) {
    }

    /** The figures of the last comparison. */
    public record Counts(int sizeA, int sizeB, int shared, int onlyA, int onlyB, int falseFriends) {
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final StringProperty a = new SimpleStringProperty();
    private final StringProperty b = new SimpleStringProperty();
    private final BooleanProperty normalized = new SimpleBooleanProperty();
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<Counts> counts = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Choose two embeddings and compare.");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final FilteredList<Row> visible = new FilteredList<>(rows);

    public OverlapViewModel(WorkspaceViewModel workspace, TaskRunner tasks) {
        this.workspace = workspace;
        this.tasks = tasks;
        List<String> names = choices();
        if (!names.isEmpty()) {
            b.set(names.get(0));
            a.set(names.get(names.size() - 1));
        }
        filter.addListener((o, x, y) -> refilter());
        search.addListener((o, x, y) -> refilter());
    }

    /** Embeddings that have a tokenizer, so that their vocabularies can be compared. */
    public List<String> choices() {
        return workspace.embeddings().stream().filter(e -> e.tokenizerSize() > 0).map(EmbeddingInfo::name).toList();
    }

    public StringProperty aProperty() {
        return a;
    }

    public StringProperty bProperty() {
        return b;
    }

    public BooleanProperty normalizedProperty() {
        return normalized;
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    /** Plain text, or a regular expression between slashes: /^##/. */
    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Counts> countsProperty() {
        return counts;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The rows the filter and search let through. */
    public ObservableList<Row> visibleRows() {
        return visible;
    }

    /** Compares A (the new vocabulary) with B (the reference) in the background. */
    public void compare() {
        AdapterModel model = workspace.modelProperty().get();
        if (model == null || a.get() == null || b.get() == null) {
            return;
        }
        Tokenizer target = model.embeddings().get(a.get()).tokenizer().orElseThrow();
        Tokenizer reference = model.embeddings().get(b.get()).tokenizer().orElseThrow();
        boolean useNormalized = normalized.get();
        summary.set("Comparing…");
        tasks.run("Comparing vocabularies…", (progress, cancellation) -> {
            VocabularyOverlap overlap = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(),
                    useNormalized ? MatchOptions.normalized() : MatchOptions.exact());
            return new Result(overlap, rowsOf(overlap));
        }, result -> show(result, useNormalized), error -> summary.set("Cannot compare: " + error.getMessage()));
    }

    private record Result(VocabularyOverlap overlap, List<Row> rows) {
    }

    private void show(Result result, boolean useNormalized) {
        VocabularyOverlap overlap = result.overlap();
        counts.set(new Counts(overlap.targetTokens().size(), overlap.referenceTokens().size(), overlap.shared(),
                overlap.onlyTarget(), overlap.onlyReference(), overlap.falseFriends().size()));
        String warning = overlap.falseFriendWarning();
        summary.set(String.format("%s mode: %,d shared, %,d only in '%s', %,d only in '%s'.%s",
                useNormalized ? "Normalized" : "Exact", overlap.shared(), overlap.onlyTarget(), a.get(),
                overlap.onlyReference(), b.get(), warning.isEmpty() ? "" : "\n" + warning));
        rows.setAll(result.rows());
    }

    static List<Row> rowsOf(VocabularyOverlap overlap) {
        List<Row> rows = new ArrayList<>(overlap.targetTokens().size() + overlap.onlyReference());
        String[] matchOf = new String[overlap.targetTokens().size()];
        int[] partner = new int[overlap.targetTokens().size()];
        boolean[] usedB = new boolean[overlap.referenceTokens().size()];
        for (TokenPair pair : overlap.pairs()) {
            matchOf[pair.targetId()] = pair.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            partner[pair.targetId()] = pair.referenceId();
            usedB[pair.referenceId()] = true;
        }
        for (int id = 0; id < matchOf.length; id++) {
            rows.add(matchOf[id] == null ? new Row(overlap.targetTokens().get(id), id, "", -1, "")
                    : new Row(overlap.targetTokens().get(id), id, overlap.referenceTokens().get(partner[id]),
                    partner[id], matchOf[id]));
        }
        for (int id = 0; id < usedB.length; id++) {
            if (!usedB[id]) {
                rows.add(new Row("", -1, overlap.referenceTokens().get(id), id, ""));
            }
        }
        return rows;
    }

    private void refilter() {
        String text = search.get().strip();
        Pattern pattern = null;
        if (text.length() > 2 && text.startsWith("/") && text.endsWith("/")) {
            try {
                pattern = Pattern.compile(text.substring(1, text.length() - 1));
            } catch (PatternSyntaxException e) {
                summary.set("Not a regular expression: " + e.getDescription());
                return;
            }
        }
        Pattern regex = pattern;
        Filter kind = filter.get();
        visible.setPredicate(row -> switch (kind) {
            case ALL -> true;
            case SHARED -> row.idA() >= 0 && row.idB() >= 0;
            case ONLY_A -> row.idB() < 0;
            case ONLY_B -> row.idA() < 0;
        } && (text.isEmpty() || (regex != null ? regex.matcher(row.tokenA()).find() || regex.matcher(row.tokenB())
                .find() : row.tokenA().contains(text) || row.tokenB().contains(text))));
    }
}
