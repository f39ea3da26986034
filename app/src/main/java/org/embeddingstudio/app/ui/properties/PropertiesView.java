package org.embeddingstudio.app.ui.properties;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.embeddingstudio.app.ui.fx.NextFrameUpdate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Properties tool window: the view model's entries by category, each a name and a read-only value, as
 * IntelliJ's property tables show them. Names keep their whole width ("Attention heads", not "Attention h…"); a
 * long value wraps, and its tooltip repeats it whole.
 */
public final class PropertiesView extends ScrollPane {
    private final VBox categories = new VBox(10);

    public PropertiesView(PropertiesViewModel viewModel) {
        setId("properties");
        setFitToWidth(true);
        categories.setPadding(new Insets(8));
        setContent(categories);
        // A new selection rebuilds every row: done a frame later (see NextFrameUpdate).
        NextFrameUpdate rebuild = new NextFrameUpdate(() -> show(viewModel.entries()));
        viewModel.entries().addListener((ListChangeListener<PropertiesViewModel.Entry>) change -> rebuild.request());
        show(viewModel.entries());
    }

    private void show(List<PropertiesViewModel.Entry> entries) {
        Map<String, GridPane> byCategory = new LinkedHashMap<>();
        for (PropertiesViewModel.Entry entry : entries) {
            GridPane rows = byCategory.computeIfAbsent(entry.category(), category -> table());
            Label name = new Label(entry.name());
            name.getStyleClass().add("text-muted");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label(entry.value());
            value.setWrapText(true);
            value.setMaxWidth(Double.MAX_VALUE);
            value.setTooltip(new Tooltip(entry.value()));
            GridPane.setValignment(name, VPos.TOP);
            rows.addRow(rows.getRowCount(), name, value);
        }
        categories.getChildren().clear();
        byCategory.forEach((category, rows) -> {
            Label title = new Label(category);
            title.getStyleClass().add("text-bold");
            categories.getChildren().addAll(title, rows);
        });
    }

    private static GridPane table() {
        GridPane rows = new GridPane();
        rows.setHgap(12);
        rows.setVgap(4);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(0);
        rows.getColumnConstraints().addAll(names, values);
        return rows;
    }
}
