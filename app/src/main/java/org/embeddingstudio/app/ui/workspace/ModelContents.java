package org.embeddingstudio.app.ui.workspace;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;

/**
 * What the open model holds, as observable state for the views: its embeddings and adapters and the active one of
 * each. Read again from the model after each change, so the views never ask the model themselves.
 */
final class ModelContents {
    private final ObservableList<EmbeddingInfo> embeddings = FXCollections.observableArrayList();
    private final ObservableList<String> adapters = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper activeEmbedding = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper activeAdapterName = new ReadOnlyStringWrapper("");
    // Read-only views made once: an unmodifiable wrapper listens weakly, so a new one per call could be collected.
    private final ObservableList<EmbeddingInfo> embeddingsView = FXCollections.unmodifiableObservableList(embeddings);
    private final ObservableList<String> adaptersView = FXCollections.unmodifiableObservableList(adapters);

    /** Every embedding of the model, "default" first. */
    ObservableList<EmbeddingInfo> embeddings() {
        return embeddingsView;
    }

    ObservableList<String> adapters() {
        return adaptersView;
    }

    ReadOnlyStringProperty activeEmbeddingProperty() {
        return activeEmbedding.getReadOnlyProperty();
    }

    /** The active adapter's name, or "". */
    ReadOnlyStringProperty activeAdapterProperty() {
        return activeAdapterName.getReadOnlyProperty();
    }

    void refresh(NamedEmbeddingsModel current) {
        embeddings.setAll(current.embeddingInfos());
        activeEmbedding.set(embeddings.stream().filter(EmbeddingInfo::active).map(EmbeddingInfo::name)
                .findFirst().orElse(""));
        NamedEmbeddingsModel.AdapterInfos adapterInfos = current.adapterInfos();
        activeAdapterName.set(adapterInfos.active());
        adapters.setAll(adapterInfos.names());
    }
}
