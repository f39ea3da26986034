package org.embeddingstudio.app.ui.embeddings;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

/** The Model tool window's adapters: which one is active, and the commands on one adapter row. */
public final class AdaptersViewModel {
    private final WorkspaceViewModel workspace;
    private final DialogService dialogs;

    public AdaptersViewModel(WorkspaceViewModel workspace, DialogService dialogs) {
        this.workspace = workspace;
        this.dialogs = dialogs;
    }

    public ObservableList<String> adapters() {
        return workspace.adapters();
    }

    public ReadOnlyStringProperty activeProperty() {
        return workspace.activeAdapterProperty();
    }

    /** Activates the adapter, or deactivates it when it is the active one (the forward pass then has none). */
    public void toggle(String name) {
        workspace.setActiveAdapter(name.equals(workspace.activeAdapterProperty().get()) ? null : name);
    }

    public void save(String name) {
        dialogs.chooseFolder("Save Adapter '" + name + "' To").ifPresent(folder -> workspace.saveAdapter(name, folder));
    }

    public void delete(String name) {
        if (dialogs.confirm("Delete Adapter", "Delete the adapter '" + name + "'?", "Delete")) {
            workspace.deleteAdapter(name);
        }
    }
}
