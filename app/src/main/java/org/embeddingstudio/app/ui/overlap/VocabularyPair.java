package org.embeddingstudio.app.ui.overlap;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.WeakListChangeListener;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;

import java.util.List;

/**
 * The two embeddings an Overlap tab compares, chosen among the model's embeddings that have a tokenizer. The
 * choices follow the model while the tab is open: an embedding added later can be chosen, a deleted one leaves the
 * selection.
 */
final class VocabularyPair {
    private final WorkspaceViewModel workspace;
    private final StringProperty a = new SimpleStringProperty();
    private final StringProperty b = new SimpleStringProperty();
    private final ObservableList<String> choices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    // Held here: the workspace keeps only a weak reference, so a closed tab's pair can be collected.
    private final ListChangeListener<EmbeddingInfo> followModel = change -> refreshChoices();

    /** Suggests the last embedding (usually the newest) against the first ("default"). */
    VocabularyPair(WorkspaceViewModel workspace) {
        this.workspace = workspace;
        refreshChoices();
        if (!choices.isEmpty()) {
            b.set(choices.get(0));
            a.set(choices.get(choices.size() - 1));
        }
        workspace.embeddings().addListener(new WeakListChangeListener<>(followModel));
        title.bind(Bindings.createStringBinding(() -> titleOf(a.get(), b.get()), a, b));
    }

    StringProperty a() {
        return a;
    }

    StringProperty b() {
        return b;
    }

    ObservableList<String> choices() {
        return choices;
    }

    ReadOnlyStringProperty title() {
        return title.getReadOnlyProperty();
    }

    boolean is(String nameA, String nameB) {
        return nameA != null && nameA.equals(a.get()) && nameB != null && nameB.equals(b.get());
    }

    static String titleOf(String nameA, String nameB) {
        return nameA == null || nameB == null ? "Overlap" : nameA + " ↔ " + nameB;
    }

    private void refreshChoices() {
        List<String> names = workspace.embeddings().stream().filter(e -> e.tokenizerSize() > 0)
                .map(EmbeddingInfo::name).toList();
        if (!names.equals(choices)) {
            choices.setAll(names);
        }
        // A deleted embedding leaves the selection rather than failing the next comparison.
        if (a.get() != null && !names.contains(a.get())) {
            a.set(null);
        }
        if (b.get() != null && !names.contains(b.get())) {
            b.set(null);
        }
    }
}
