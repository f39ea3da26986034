package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.hub.HuggingFaceCache;

import java.io.IOException;
import java.util.List;

/**
 * File › Open from Hugging Face Cache: lists the models Python's huggingface_hub already downloaded and opens the one
 * the user picks in the workspace; says where it looked when there are none.
 */
public final class HuggingFaceCacheChooser {
    private HuggingFaceCacheChooser() {
    }

    public static void open(WorkspaceViewModel workspace, HuggingFaceCache cache, DialogService dialogs) {
        List<HuggingFaceCache.CachedModel> models;
        try {
            models = cache.models();
        } catch (IOException e) {
            workspace.eventLog().report("Could not read the Hugging Face cache " + cache.root(), e);
            return;
        }
        if (models.isEmpty()) {
            dialogs.inform("Open from Hugging Face Cache", "No models in " + cache.root()
                    + ". Models downloaded by Python's transformers (or with HF_HOME set) appear here.");
            return;
        }
        dialogs.chooseOne("Open from Hugging Face Cache", "Models in " + cache.root() + ":",
                        models.stream().map(HuggingFaceCache.CachedModel::id).toList())
                .flatMap(id -> models.stream().filter(m -> m.id().equals(id)).findFirst())
                .ifPresent(model -> workspace.open(new ModelSource.Folder(model.folder(), model.id())));
    }
}
