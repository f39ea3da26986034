package org.embeddingstudio.app.ui.embeddings;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The Model tool window: model → Embeddings → one row per embedding with its active toggle, and → Adapters.
 * Only binds and forwards to the view models.
 */
public final class ModelTreeView extends TreeView<Object> {
    private final TreeItem<Object> root = new TreeItem<>("Model");
    private final TreeItem<Object> embeddingsFolder = new TreeItem<>("Embeddings");
    private final TreeItem<Object> adaptersFolder = new TreeItem<>("Adapters");

    /** An adapter row: its name and whether it is the active one. */
    record AdapterItem(String name, boolean active) {
    }

    public ModelTreeView(WorkspaceViewModel workspace, EmbeddingsViewModel embeddings, AdaptersViewModel adapters) {
        setId("model-tree");
        root.getChildren().addAll(embeddingsFolder, adaptersFolder);
        root.setExpanded(true);
        embeddingsFolder.setExpanded(true);
        adaptersFolder.setExpanded(true);
        setRoot(root);
        setShowRoot(true);
        root.valueProperty().bind(Bindings.createObjectBinding(() -> workspace.modelNameProperty().get().isEmpty()
                ? "No model" : workspace.modelNameProperty().get(), workspace.modelNameProperty()));
        embeddings.embeddings().addListener((ListChangeListener<EmbeddingInfo>) change -> rebuild(embeddings));
        Runnable rebuildAdapters = () -> adaptersFolder.getChildren().setAll(adapters.adapters().stream()
                .map(name -> new TreeItem<Object>(new AdapterItem(name, name.equals(adapters.activeProperty().get()))))
                .toList());
        adapters.adapters().addListener((ListChangeListener<String>) change -> rebuildAdapters.run());
        adapters.activeProperty().addListener((o, a, b) -> rebuildAdapters.run());
        rebuild(embeddings);
        getSelectionModel().selectedItemProperty().addListener((o, a, item) -> embeddings.selectedProperty()
                .set(item != null && item.getValue() instanceof EmbeddingInfo info ? info : null));
        setCellFactory(tree -> new ModelCell(embeddings, adapters));
    }

    private void rebuild(EmbeddingsViewModel embeddings) {
        EmbeddingInfo selected = embeddings.selectedProperty().get();
        embeddingsFolder.getChildren().setAll(embeddings.embeddings().stream()
                .map(info -> new TreeItem<Object>(info)).toList());
        if (selected != null) {
            embeddingsFolder.getChildren().stream()
                    .filter(item -> ((EmbeddingInfo) item.getValue()).name().equals(selected.name()))
                    .findFirst().ifPresent(item -> getSelectionModel().select(item));
        }
    }

    /** A row: icon and name; for embeddings also "rows × dim · origin" and the active toggle. */
    private static final class ModelCell extends TreeCell<Object> {
        private final EmbeddingsViewModel embeddings;
        private final AdaptersViewModel adapters;

        ModelCell(EmbeddingsViewModel embeddings, AdaptersViewModel adapters) {
            this.embeddings = embeddings;
            this.adapters = adapters;
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            setTooltip(null);
            setContextMenu(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            if (item instanceof EmbeddingInfo info) {
                setGraphic(embeddingRow(info));
                setContextMenu(menu(info));
                // A narrow Model panel clips the detail: the whole of it on hover.
                setTooltip(new Tooltip(info.name() + ": " + detail(info) + (info.isDefault()
                        ? "\n" + embeddings.deleteDisabledReason(info) : "")));
                return;
            }
            if (item instanceof AdapterItem adapter) {
                setGraphic(adapterRow(adapter));
                setContextMenu(adapterMenu(adapter));
                return;
            }
            String text = item.toString();
            FontIcon icon = new FontIcon("Embeddings".equals(text) ? Material2AL.GRID_ON
                    : "Adapters".equals(text) ? Material2AL.EXTENSION
                    : getTreeItem() != null && getTreeItem().getParent() == null ? Material2MZ.MEMORY
                    : Material2AL.EXTENSION);
            Label label = new Label(text, icon);
            setGraphic(label);
        }

        private HBox embeddingRow(EmbeddingInfo info) {
            RadioButton active = new RadioButton();
            active.setSelected(info.active());
            active.setId("active-" + info.name());
            active.setTooltip(new Tooltip(info.active() ? "Active embedding" : "Make '" + info.name() + "' active"));
            active.setOnAction(e -> {
                if (!info.active()) {
                    embeddings.activate(info);
                } else {
                    active.setSelected(true);
                }
            });
            Label name = new Label(info.name() + (info.unsavedTraining() ? " *" : ""));
            name.getStyleClass().add(info.active() ? "embedding-active" : "embedding-name");
            Label detail = new Label(detail(info));
            detail.getStyleClass().add("embedding-detail");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox row = new HBox(6, active, new FontIcon(Material2AL.GRID_ON), name, detail);
            row.setAlignment(Pos.CENTER_LEFT);
            return row;
        }

        private HBox adapterRow(AdapterItem adapter) {
            CheckBox active = new CheckBox();
            active.setId("adapter-active-" + adapter.name());
            active.setSelected(adapter.active());
            active.setTooltip(new Tooltip(adapter.active() ? "Active: used in the forward pass (click to turn off)"
                    : "Use '" + adapter.name() + "' in the forward pass"));
            active.setOnAction(e -> adapters.toggle(adapter.name()));
            Label name = new Label(adapter.name());
            name.getStyleClass().add(adapter.active() ? "embedding-active" : "embedding-name");
            HBox row = new HBox(6, active, new FontIcon(Material2AL.EXTENSION), name);
            row.setAlignment(Pos.CENTER_LEFT);
            return row;
        }

        private ContextMenu adapterMenu(AdapterItem adapter) {
            MenuItem toggle = new MenuItem(adapter.active() ? "Deactivate" : "Set Active");
            toggle.setOnAction(e -> adapters.toggle(adapter.name()));
            MenuItem save = new MenuItem("Save Adapter…");
            save.setOnAction(e -> adapters.save(adapter.name()));
            MenuItem delete = new MenuItem("Delete…", new FontIcon(Material2AL.DELETE));
            delete.setOnAction(e -> adapters.delete(adapter.name()));
            return new ContextMenu(toggle, save, delete);
        }

        private static String detail(EmbeddingInfo info) {
            return String.format("%,d × %d%s · %s", info.rows(), info.dimension(), info.pair() ? " (in + out)" : "",
                    origin(info));
        }

        private static String origin(EmbeddingInfo info) {
            if (info.isDefault()) {
                return "model's own";
            }
            if (!info.origin().referenceEmbedding().isEmpty()) {
                return "from '" + info.origin().referenceEmbedding() + "'";
            }
            return info.savedAt().map(p -> "loaded").orElse("random");
        }

        private ContextMenu menu(EmbeddingInfo info) {
            MenuItem activate = new MenuItem("Set Active");
            activate.setDisable(info.active());
            activate.setOnAction(e -> embeddings.activate(info));
            MenuItem rename = new MenuItem("Rename…");
            rename.setDisable(info.isDefault());
            rename.setOnAction(e -> {
                embeddings.selectedProperty().set(info);
                embeddings.renameSelected();
            });
            MenuItem delete = new MenuItem("Delete…", new FontIcon(Material2AL.DELETE));
            delete.setDisable(info.isDefault());
            delete.setOnAction(e -> {
                embeddings.selectedProperty().set(info);
                embeddings.deleteSelected();
            });
            return new ContextMenu(activate, rename, delete);
        }
    }
}
