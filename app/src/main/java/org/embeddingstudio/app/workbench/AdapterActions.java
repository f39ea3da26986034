package org.embeddingstudio.app.workbench;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.adapter.BottleneckConfig;

/** The bottleneck adapters: add, load, save and delete the active one. */
public final class AdapterActions {
    private final DialogService dialogs;
    private final WorkspaceViewModel workspace;
    private final BooleanBinding hasModel;

    public AdapterActions(ActionContext context) {
        dialogs = context.dialogs();
        workspace = context.workspace();
        hasModel = context.hasModel();
    }

    public void register(ActionFactory actions) {
        BooleanBinding hasAdapter = Bindings.isNotEmpty(workspace.adapters()).and(hasModel);
        actions.register(ActionId.ADD_ADAPTER, () -> dialogs.askText("Add Adapter",
                "Name of the new bottleneck adapter (seq_bn: after each feed-forward block, reduction factor 16):",
                "adapter").ifPresent(name -> workspace.addAdapter(name, BottleneckConfig.seqBn())), hasModel);
        actions.register(ActionId.LOAD_ADAPTER, () -> dialogs.chooseFolder("Load Adapter")
                .ifPresent(workspace::loadAdapter), hasModel);
        actions.register(ActionId.SAVE_ADAPTER, () -> workspace.activeAdapter().ifPresent(name ->
                dialogs.chooseFolder("Save Adapter '" + name + "' To")
                        .ifPresent(folder -> workspace.saveAdapter(name, folder))), hasAdapter);
        actions.register(ActionId.DELETE_ADAPTER, () -> workspace.activeAdapter().filter(name -> dialogs.confirm(
                "Delete Adapter", "Delete the adapter '" + name + "'?")).ifPresent(workspace::deleteAdapter),
                hasAdapter);
    }
}
