package org.embeddingstudio.app.ui.overlap;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.overlap.OverlapViewModel.Filter;
import org.embeddingstudio.app.ui.overlap.OverlapViewModel.Row;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.overlap.TokenPair;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The Overlap tab's token table: a row per token of A and of B, the rows the filter and search let through (large
 * tables matched off the UI thread), and those rows exported as CSV. Notes for the user (a search that is no regular
 * expression, where the export went) go to the tab's summary.
 */
final class TokenTable {
    /** Tables up to this many rows are filtered at once, on the UI thread; larger ones in the background. */
    static final int FILTER_ON_UI_THREAD = 20_000;

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final StringProperty summary;
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> visible = FXCollections.observableArrayList();
    /** Filtering runs in the background for large tables; only the newest filter may show its result. */
    private long filterGeneration;

    TokenTable(TaskRunner tasks, DialogService dialogs, StringProperty summary) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.summary = summary;
        rows.addListener((ListChangeListener<Row>) change -> refilter());
        filter.addListener((o, x, y) -> refilter());
        search.addListener((o, x, y) -> refilter());
    }

    ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    StringProperty searchProperty() {
        return search;
    }

    ObservableList<Row> visibleRows() {
        return visible;
    }

    /** Shows these rows, filtered as the user chose. */
    void setAll(List<Row> shown) {
        rows.setAll(shown);
    }

    /** Writes the rows the filter lets through to a CSV file the user picks. */
    void exportCsv(String suggestedName) {
        List<Row> snapshot = List.copyOf(visible);
        if (snapshot.isEmpty()) {
            return;
        }
        dialogs.chooseFileToSave("Export Token Table", suggestedName).ifPresent(file ->
                tasks.run("Exporting " + file.getFileName() + "…", (progress, cancellation) -> {
                    // What the table shows, raw tokens first (what scripts join on), then the readable ones.
                    StringBuilder csv = new StringBuilder(
                            "token_a,id_a,token_b,id_b,matched,corpus_count,readable_a,readable_b\n");
                    for (Row row : snapshot) {
                        csv.append(csvField(row.tokenA())).append(',').append(row.idA() < 0 ? "" : row.idA())
                                .append(',').append(csvField(row.tokenB())).append(',')
                                .append(row.idB() < 0 ? "" : row.idB()).append(',').append(row.match()).append(',')
                                .append(row.corpusCount() < 0 ? "" : row.corpusCount()).append(',')
                                .append(csvField(row.readableA())).append(',').append(csvField(row.readableB()))
                                .append('\n');
                    }
                    AtomicFiles.writeString(file, csv.toString());
                    return file;
                }, written -> summary.set(summary.get() + "\nExported " + snapshot.size() + " rows to " + written),
                        () -> { }));
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String csvField(String value) {
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** A row per token of A and per token only in B, shown as people read them under each side's conventions. */
    static List<Row> rowsOf(VocabularyOverlap overlap, SubwordConventions conventionsA,
                            SubwordConventions conventionsB) {
        List<Row> rows = new ArrayList<>(overlap.targetTokens().size() + overlap.onlyReference());
        String[] matchOf = new String[overlap.targetTokens().size()];
        int[] partner = new int[overlap.targetTokens().size()];
        boolean[] usedB = new boolean[overlap.referenceTokens().size()];
        for (TokenPair pair : overlap.pairs()) {
            matchOf[pair.targetId()] = pair.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            partner[pair.targetId()] = pair.referenceId();
            usedB[pair.referenceId()] = true;
        }
        // An id without a token (a gap in the vocabulary file) keeps its place, named as such: ids never shift.
        for (int id = 0; id < matchOf.length; id++) {
            String tokenA = label(overlap.targetTokens(), id);
            String readableA = ReadableToken.of(tokenA, conventionsA);
            if (matchOf[id] == null) {
                rows.add(new Row(tokenA, id, "", -1, "", -1, readableA, ""));
            } else {
                String tokenB = label(overlap.referenceTokens(), partner[id]);
                rows.add(new Row(tokenA, id, tokenB, partner[id], matchOf[id], -1, readableA,
                        ReadableToken.of(tokenB, conventionsB)));
            }
        }
        for (int id = 0; id < usedB.length; id++) {
            if (!usedB[id]) {
                String tokenB = label(overlap.referenceTokens(), id);
                rows.add(new Row("", -1, tokenB, id, "", -1, "", ReadableToken.of(tokenB, conventionsB)));
            }
        }
        return rows;
    }

    private static String label(List<String> tokensById, int id) {
        String token = tokensById.get(id);
        return token != null ? token : Vocabulary.noTokenLabel(id);
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
        Predicate<Row> keep = row -> switch (kind) {
            case ALL -> true;
            case SHARED -> row.idA() >= 0 && row.idB() >= 0;
            case ONLY_A -> row.idB() < 0;
            case ONLY_B -> row.idA() < 0;
        } && (text.isEmpty() || Stream.of(row.tokenA(), row.tokenB(), row.readableA(), row.readableB())
                .anyMatch(token -> regex != null ? regex.matcher(token).find() : token.contains(text)));
        long generation = ++filterGeneration;
        List<Row> all = List.copyOf(rows);
        if (all.size() <= FILTER_ON_UI_THREAD) {
            visible.setAll(all.stream().filter(keep).toList());
            return;
        }
        // A regular expression over 280 000 rows takes longer than a frame: matched off the UI thread.
        tasks.run("Filtering " + String.format("%,d", all.size()) + " tokens…",
                (progress, cancellation) -> all.stream().filter(keep).toList(),
                matched -> {
                    if (generation == filterGeneration) {
                        visible.setAll(matched);
                    }
                }, () -> { });
    }
}
