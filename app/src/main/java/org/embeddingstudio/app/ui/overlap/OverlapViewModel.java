package org.embeddingstudio.app.ui.overlap;

import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FontCoverage;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.SuggestedFileName;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.analysis.NearestNeighbours;
import org.embeddingstudio.core.analysis.RowMatrix;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingOrigin;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.overlap.CorpusCounter;
import org.embeddingstudio.core.overlap.CorpusCoverage;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.OverlapBreakdown;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Overlap editor tab: two embeddings' vocabularies compared in exact or normalized mode — the counts, the
 * false-friend warning, what carries over by token class and by script, how much of a corpus would start from copied
 * rows, every token in a filterable, searchable table, and one token inspected in both embeddings.
 */
public final class OverlapViewModel {
    /** Which rows the table shows. */
    public enum Filter { ALL, SHARED, ONLY_A, ONLY_B }

    /**
     * One table row: a token of A and/or B, how it was matched ("" when it is on one side only), and how often it
     * occurs in the measured corpus (A's count, or B's for a token only in B; -1 before a corpus is measured). The
     * tokens are raw, as the vocabularies spell them; {@code readableA} and {@code readableB} as people read them
     * ({@link org.embeddingstudio.core.tokenizer.ReadableToken}).
     */
    public record Row(String tokenA, int idA, String tokenB, int idB, String match, long corpusCount,
                      String readableA, String readableB) {
        public Row(String tokenA, int idA, String tokenB, int idB, String match) {
            this(tokenA, idA, tokenB, idB, match, -1, tokenA, tokenB);
        }

        Row withCount(long count) {
            return new Row(tokenA, idA, tokenB, idB, match, count, readableA, readableB);
        }
    }

    /** The figures of the last comparison. */
    public record Counts(int sizeA, int sizeB, int shared, int onlyA, int onlyB, int falseFriends) {
    }

    /** How many neighbours the token inspector lists per embedding. */
    static final int NEIGHBOURS = 8;
    /** How many of the most frequent random-start tokens the coverage panel lists. */
    static final int TOP_RANDOM = 20;

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final StringProperty a;
    private final StringProperty b;
    private final BooleanProperty normalized = new SimpleBooleanProperty();
    private final ObjectProperty<Counts> counts = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Choose two embeddings and compare.");
    private final TokenTable table;
    private final ObservableList<BreakdownBar> classBars = FXCollections.observableArrayList();
    private final ObservableList<BreakdownBar> scriptBars = FXCollections.observableArrayList();
    private final ObjectProperty<Path> corpus = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper coverage = new ReadOnlyStringWrapper(
            "Pick a corpus file to see how much of it would start from copied rows.");
    private final ObservableList<CorpusCoverage.TokenCount> mostFrequentRandom = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper inspection = new ReadOnlyStringWrapper("Select a token to inspect it.");
    private final DialogService dialogs;
    private final VocabularyPair pair;
    private final FontCoverage fonts;
    private Compared compared;

    public OverlapViewModel(WorkspaceViewModel workspace, TaskRunner tasks, DialogService dialogs) {
        this(workspace, tasks, dialogs, FontCoverage.ofThisDesktop());
    }

    /** @param fonts says which scripts of the vocabularies this desktop cannot draw */
    OverlapViewModel(WorkspaceViewModel workspace, TaskRunner tasks, DialogService dialogs, FontCoverage fonts) {
        this.fonts = fonts;
        this.workspace = workspace;
        this.tasks = tasks;
        this.dialogs = dialogs;
        table = new TokenTable(tasks, dialogs, summary);
        pair = new VocabularyPair(workspace);
        a = pair.a();
        b = pair.b();
        // Once figures are on screen, a changed pair or mode recomputes them (tens of milliseconds even for
        // 250 000-token vocabularies), so the figures shown always belong to the pair selected.
        InvalidationListener recompare = o -> {
            if (compared != null) {
                compare();
            }
        };
        // Coverage is measured in the mode A was built with (its provenance says), unless the user switches.
        a.addListener((o, x, name) -> buildMode(name).ifPresent(normalized::set));
        buildMode(a.get()).ifPresent(normalized::set);
        a.addListener(recompare);
        b.addListener(recompare);
        normalized.addListener(recompare);
    }

    /** Whether {@code embedding} was built matching normalized; empty when it was not built from a reference. */
    private Optional<Boolean> buildMode(String embedding) {
        return workspace.embeddings().stream().filter(e -> e.name().equals(embedding)).findFirst()
                .map(EmbeddingInfo::origin).filter(origin -> !origin.referenceEmbedding().isEmpty())
                .map(origin -> !EmbeddingOrigin.EXACT.equals(origin.matchingMode()));
    }

    /** Embeddings that have a tokenizer, so that their vocabularies can be compared; follows the model. */
    public ObservableList<String> choices() {
        return pair.choices();
    }

    /** The tab's title: the pair compared, "german ↔ default". */
    public ReadOnlyStringProperty titleProperty() {
        return pair.title();
    }

    /** Whether this tab shows (or will show) {@code nameA} against {@code nameB}. */
    public boolean compares(String nameA, String nameB) {
        return pair.is(nameA, nameB);
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
        return table.filterProperty();
    }

    /** Plain text, or a regular expression between slashes: /^##/. */
    public StringProperty searchProperty() {
        return table.searchProperty();
    }

    public ObjectProperty<Counts> countsProperty() {
        return counts;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The rows the filter and search let through. */
    public ObservableList<Row> visibleRows() {
        return table.visibleRows();
    }

    /** A's tokens by class (special, word-initial, continuation, …), copied vs random. */
    public ObservableList<BreakdownBar> classBars() {
        return classBars;
    }

    /** A's tokens by Unicode script of their letters, copied vs random. */
    public ObservableList<BreakdownBar> scriptBars() {
        return scriptBars;
    }

    /** The corpus text file for the coverage panel. */
    public ObjectProperty<Path> corpusProperty() {
        return corpus;
    }

    /** The coverage figures of the last measurement, or what to do to get them. */
    public ReadOnlyStringProperty coverageProperty() {
        return coverage.getReadOnlyProperty();
    }

    /** The corpus's most frequent tokens of A that would start random, most frequent first. */
    public ObservableList<CorpusCoverage.TokenCount> mostFrequentRandom() {
        return mostFrequentRandom;
    }

    /** What the token inspector shows about the selected row. */
    public ReadOnlyStringProperty inspectionProperty() {
        return inspection.getReadOnlyProperty();
    }

    /** Compares A (the new vocabulary) with B (the reference) in the background. */
    public void compare() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        if (model == null || a.get() == null || b.get() == null) {
            return;
        }
        String nameA = a.get();
        String nameB = b.get();
        Tokenizer target = model.tokenizerOf(nameA).orElseThrow();
        Tokenizer reference = model.tokenizerOf(nameB).orElseThrow();
        boolean useNormalized = normalized.get();
        summary.set("Comparing…");
        tasks.run("Comparing vocabularies…", (progress, cancellation) -> {
            VocabularyOverlap overlap = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(),
                    useNormalized ? MatchOptions.normalized() : MatchOptions.exact());
            OverlapBreakdown breakdown = OverlapBreakdown.of(overlap, target.vocabulary());
            return new Compared(model, nameA, nameB, useNormalized, target, reference, overlap,
                    TokenTable.rowsOf(overlap, target.vocabulary().conventions(), reference.vocabulary().conventions()),
                    BreakdownBar.of(breakdown.byClass()), BreakdownBar.of(breakdown.byScript()),
                    new ConcurrentHashMap<>(), fonts.adviceFor(tokens(overlap), 0.01),
                    OverlapDiagnosis.of(target, reference));
        }, result -> show(result, useNormalized), () -> summary.set("Comparing was cancelled."),
                () -> summary.set("Comparing failed: the Event Log says why."));
    }

    /** A finished comparison: what was compared, and everything the tab derives from it. */
    private record Compared(NamedEmbeddingsModel model, String nameA, String nameB, boolean normalized,
                            Tokenizer target, Tokenizer reference, VocabularyOverlap overlap, List<Row> rows,
                            List<BreakdownBar> classBars, List<BreakdownBar> scriptBars,
                            Map<String, RowMatrix> matrices, String fontAdvice, OverlapDiagnosis diagnosis) {
        /** The embedding's rows on the host, copied once per comparison for every later inspection. */
        RowMatrix matrix(String embedding) {
            return matrices.computeIfAbsent(embedding,
                    name -> model.readEmbedding(name, RowMatrix::of));
        }
    }

    /** A's tokens (the new vocabulary, the one the user came to read), for the scripts they hold. */
    private static String tokens(VocabularyOverlap overlap) {
        return overlap.targetTokens().stream().filter(Objects::nonNull).collect(Collectors.joining(" "));
    }

    private void show(Compared result, boolean useNormalized) {
        compared = result;
        VocabularyOverlap overlap = result.overlap();
        counts.set(new Counts(overlap.targetTokens().size(), overlap.referenceTokens().size(), overlap.shared(),
                overlap.onlyTarget(), overlap.onlyReference(), overlap.falseFriends().size()));
        String warning = overlap.falseFriendWarning();
        summary.set(String.format("%s mode: %,d shared, %,d only in '%s', %,d only in '%s'.%s",
                useNormalized ? "Normalized" : "Exact", overlap.shared(), overlap.onlyTarget(), a.get(),
                overlap.onlyReference(), b.get(), warning.isEmpty() ? "" : "\n" + warning)
                + "\n" + result.diagnosis().describe(a.get(), b.get())
                + (result.fontAdvice().isEmpty() ? "" : "\n" + result.fontAdvice()));
        table.setAll(result.rows());
        classBars.setAll(result.classBars());
        scriptBars.setAll(result.scriptBars());
        mostFrequentRandom.clear();
        inspection.set("Select a token to inspect it.");
        if (corpus.get() != null) {
            measureCoverage();
        }
    }

    /**
     * Measures the corpus with both tokenizers in the background: fertility, [UNK] rate, and the share of A's token
     * occurrences whose row would be copied rather than random.
     */
    public void measureCoverage() {
        Compared current = compared;
        Path file = corpus.get();
        if (current == null || file == null) {
            coverage.set(current == null ? "Compare two vocabularies first." : "Pick a corpus file.");
            return;
        }
        coverage.set("Measuring " + file.getFileName() + "…");
        tasks.run("Measuring corpus coverage…", (progress, cancellation) -> CorpusCounter.measure(file,
                        current.target(), current.reference(), current.overlap(), TOP_RANDOM, cancellation),
                measured -> {
                    coverage.set(CoverageText.of(measured, file, current.nameA(), current.nameB(),
                            current.normalized()));
                    mostFrequentRandom.setAll(measured.mostFrequentRandom().stream().map(t -> new CorpusCoverage
                            .TokenCount(t.id(), current.target().vocabulary().readableLabel(t.id()), t.count()))
                            .toList());
                    if (current == compared) {
                        table.setAll(withCounts(current.rows(), measured));
                    }
                },
                () -> coverage.set("Measuring " + file.getFileName() + " was cancelled."),
                () -> coverage.set("Measuring " + file.getFileName() + " failed: the Event Log says why."));
    }

    /** The rows with their corpus counts: A's occurrences, or B's for a token only in B. */
    static List<Row> withCounts(List<Row> rows, CorpusCoverage measured) {
        long[] a = measured.targetCounts();
        long[] b = measured.referenceCounts();
        return rows.stream().map(row -> row.withCount(row.idA() >= 0 ? a[row.idA()] : b[row.idB()])).toList();
    }

    /**
     * Shows, for the selected row, its ids on both sides, how it was matched, its row norms, and its nearest
     * neighbours in each embedding (cosine), computed in the background.
     */
    public void inspect(Row row) {
        Compared current = compared;
        if (current == null || row == null) {
            return;
        }
        inspection.set("Inspecting…");
        tasks.run("Inspecting a token…", (progress, cancellation) -> {
            StringBuilder text = new StringBuilder();
            if (row.idA() >= 0) {
                text.append(side(current, current.nameA(), row.idA()));
            } else {
                text.append(String.format("'%s' has no such token.%n", current.nameA()));
            }
            if (row.idA() >= 0 && row.idB() >= 0) {
                text.append("Matched ").append(row.match()).append(": A's row is copied from B's.\n");
            } else if (row.idA() >= 0) {
                text.append("Only in A: its row does not come from B (random, or the chosen init strategy).\n");
            } else {
                text.append("Only in B: no row of A copies it.\n");
            }
            text.append('\n');
            if (row.idB() >= 0) {
                text.append(side(current, current.nameB(), row.idB()));
            } else {
                text.append(String.format("'%s' has no such token.%n", current.nameB()));
            }
            return text.toString();
        }, inspection::set, () -> inspection.set("Select a token to inspect it."),
                () -> inspection.set("Inspecting failed: the Event Log says why."));
    }

    private static String side(Compared compared, String embedding, int row) {
        EmbeddingSnapshot matrix = compared.model().embedding(embedding);
        Tokenizer tokenizer = matrix.tokenizer().orElseThrow();
        RowMatrix rows = compared.matrix(embedding);
        double norm = 0;
        for (int j = 0; j < rows.dimension(); j++) {
            norm += (double) rows.get(row, j) * rows.get(row, j);
        }
        Vocabulary vocabulary = tokenizer.vocabulary();
        String raw = vocabulary.label(row);
        String shown = vocabulary.readableLabel(row);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "'%s': token '%s'%s, id %d, row %s, norm %.3f%nNearest:", embedding, shown,
                shown.equals(raw) ? "" : " (raw '" + raw + "')", row, matrix.rowOrigin(row).label(), Math.sqrt(norm)));
        for (NearestNeighbours.Neighbour neighbour : NearestNeighbours.ofRow(rows, vocabulary, row, NEIGHBOURS)) {
            text.append(String.format(Locale.ROOT, " %s (%.2f)", ReadableToken.of(neighbour.token(),
                    vocabulary.conventions()), neighbour.cosine()));
        }
        return text.append('\n').toString();
    }

    /** Asks for a corpus text file and measures it. */
    public void chooseCorpus() {
        dialogs.chooseFileToOpen("Corpus for Coverage", ".txt").ifPresent(file -> {
            corpus.set(file);
            measureCoverage();
        });
    }

    /** Asks where to save the charts as an image; the view draws them there. */
    public Optional<Path> chooseImageFile() {
        return dialogs.chooseFileToSave("Save Charts as PNG",
                SuggestedFileName.of(".png", a.get(), "vs", b.get(), "overlap"));
    }

    /** Tells the user where the charts were saved, or why they were not. */
    public void imageSaved(Path file, Exception error) {
        summary.set(summary.get() + (error == null ? "\nSaved the charts to " + file
                : "\nCannot save " + file + ": " + error.getMessage()));
    }

    /** Writes the rows the filter lets through to a CSV file the user picks. */
    public void exportCsv() {
        table.exportCsv(SuggestedFileName.of(".csv", a.get(), "vs", b.get(), "tokens"));
    }
}
