package org.embeddingstudio.app.ui.projection;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.SuggestedFileName;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.analysis.Pca2d;
import org.embeddingstudio.core.analysis.ProjectorFiles;
import org.embeddingstudio.core.analysis.RowMatrix;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Projection tab: a sample of an embedding's rows projected to 2-D by PCA, each point a token coloured by where
 * its row comes from (pretrained, copied, random, trained…), and the same embedding exported for TensorBoard's
 * Embedding Projector (t-SNE / UMAP there).
 */
public final class ProjectionViewModel {
    /** Rows projected by default: enough to see structure, few enough to draw at every frame of a pan. */
    static final int DEFAULT_SAMPLE = 5_000;
    private static final long SEED = 42;

    /** One projected row. */
    public record Point(float x, float y, int row, String token, RowOrigin origin) {
    }

    /** A finished projection: its points and what the two axes explain. */
    public record Projection(String embedding, List<Point> points, double firstShare, double secondShare) {
        public Projection {
            points = List.copyOf(points);
        }
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final ObjectProperty<String> embedding = new SimpleObjectProperty<>();
    private final IntegerProperty sampleSize = new SimpleIntegerProperty(DEFAULT_SAMPLE);
    private final ReadOnlyObjectWrapper<Projection> projection = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Choose an embedding and project it.");

    public ProjectionViewModel(WorkspaceViewModel workspace, TaskRunner tasks, DialogService dialogs) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.dialogs = dialogs;
        embedding.set(workspace.activeEmbeddingProperty().get());
    }

    /** Every embedding in the workspace. */
    public List<String> choices() {
        return workspace.embeddings().stream().map(EmbeddingInfo::name).toList();
    }

    public ObjectProperty<String> embeddingProperty() {
        return embedding;
    }

    /** How many rows to project (all of them when the embedding has fewer). */
    public IntegerProperty sampleSizeProperty() {
        return sampleSize;
    }

    public ReadOnlyObjectProperty<Projection> projectionProperty() {
        return projection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Projects a seeded sample of the chosen embedding's rows in the background. */
    public void project() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        String name = embedding.get();
        if (model == null || name == null) {
            return;
        }
        int sample = Math.max(2, sampleSize.get());
        summary.set("Projecting '" + name + "'…");
        tasks.run("Projecting '" + name + "'…", (progress, cancellation) -> {
            EmbeddingSnapshot rows = model.embedding(name);
            RowMatrix matrix = model.readEmbedding(name, RowMatrix::of);
            Pca2d.Projection pca = Pca2d.project(matrix, sample, SEED);
            Vocabulary vocabulary = rows.tokenizer().map(t -> t.vocabulary()).orElse(null);
            List<Point> points = new ArrayList<>(pca.rows().length);
            for (int i = 0; i < pca.rows().length; i++) {
                int row = pca.rows()[i];
                String token = vocabulary != null && row < vocabulary.size() ? vocabulary.label(row)
                        : "<row " + row + ">";
                points.add(new Point(pca.coordinates()[2 * i], pca.coordinates()[2 * i + 1], row, token,
                        rows.rowOrigin(row)));
            }
            double total = totalVariance(matrix, pca.rows());
            return new Projection(name, points, pca.variances()[0] / total, pca.variances()[1] / total);
        }, done -> {
            projection.set(done);
            summary.set(describe(done, model.hasEmbeddings(name) ? model.embedding(name).rows() : 0));
        }, () -> summary.set("Projecting '" + name + "' was cancelled."),
                () -> summary.set("Projecting '" + name + "' failed: the Event Log says why."));
    }

    static String describe(Projection projection, int rows) {
        Map<RowOrigin, Long> byOrigin = new EnumMap<>(RowOrigin.class);
        projection.points().forEach(p -> byOrigin.merge(p.origin(), 1L, Long::sum));
        return String.format(Locale.ROOT, "PCA of %,d of %,d rows of '%s'; the axes explain %.1f %% and %.1f %% of "
                        + "their variance. %s.", projection.points().size(), rows, projection.embedding(),
                100 * projection.firstShare(), 100 * projection.secondShare(),
                byOrigin.entrySet().stream().map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(),
                        e.getKey().label())).collect(Collectors.joining(", ")));
    }

    /** The sum of the per-dimension variances of the sampled rows: what the two components' shares are of. */
    private static double totalVariance(RowMatrix matrix, int[] rows) {
        double total = 0;
        for (int j = 0; j < matrix.dimension(); j++) {
            double sum = 0;
            double squares = 0;
            for (int row : rows) {
                double v = matrix.get(row, j);
                sum += v;
                squares += v * v;
            }
            double mean = sum / rows.length;
            total += squares / rows.length - mean * mean;
        }
        return total == 0 ? 1 : total; // over n, as Pca2d's covariance is
    }

    /** Asks where to save the plot as an image; the view draws it there. */
    public Optional<Path> chooseImageFile() {
        return dialogs.chooseFileToSave("Save Projection as PNG",
                SuggestedFileName.of(".png", embedding.get(), "projection"));
    }

    /** Tells the user where the plot was saved, or why it was not. */
    public void imageSaved(Path file, Exception error) {
        summary.set(error == null ? "Saved the plot to " + file : "Cannot save " + file + ": " + error.getMessage());
    }

    /** Writes the chosen embedding as Embedding Projector files into a folder the user picks. */
    public void exportProjector() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        String name = embedding.get();
        if (model == null || name == null) {
            return;
        }
        dialogs.chooseFolder("Export '" + name + "' for the Embedding Projector").ifPresent(folder ->
                tasks.run("Exporting '" + name + "'…", (progress, cancellation) -> {
                    return model.readEmbedding(name, rows -> {
                        ProjectorFiles.write(rows, rows.tokenizer(), folder);
                        return folder;
                    });
                }, written -> summary.set("Wrote " + ProjectorFiles.TENSOR_FILE + " and " + ProjectorFiles.METADATA_FILE
                        + " to " + written + ": load both at https://projector.tensorflow.org/ (Load → Choose file)."),
                        () -> { }));
    }
}
