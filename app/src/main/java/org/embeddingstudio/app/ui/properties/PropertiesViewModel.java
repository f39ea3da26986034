package org.embeddingstudio.app.ui.properties;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.workspace.DeviceName;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.transformer.BertConfig;

import java.util.ArrayList;
import java.util.List;

/** The Properties tool window's rows for the selected item: config values, vocabulary figures, file locations. */
public final class PropertiesViewModel {
    /** One property: its category, name and value as text. */
    public record Entry(String category, String name, String value) {
    }

    private final ObservableList<Entry> entries = FXCollections.observableArrayList();

    public ObservableList<Entry> entries() {
        return entries;
    }

    /** Shows the selected embedding, or the model when nothing is selected. */
    public void show(NamedEmbeddingsModel model, EmbeddingInfo embedding) {
        List<Entry> rows = new ArrayList<>();
        if (embedding != null) {
            rows.add(new Entry("Embedding", "Name", embedding.name()));
            rows.add(new Entry("Embedding", "Active", embedding.active() ? "yes" : "no"));
            rows.add(new Entry("Embedding", "Rows × dimension", String.format("%,d × %d", embedding.rows(),
                    embedding.dimension())));
            if (embedding.pair()) {
                rows.add(new Entry("Embedding", "Output rows", "its own, as many (the untied head's side)"));
            }
            for (RowOrigin origin : RowOrigin.values()) {
                int count = embedding.rowOrigins().getOrDefault(origin, 0);
                if (count > 0) {
                    rows.add(new Entry("Rows", capitalised(origin.label()), String.format("%,d (%.1f %%)", count,
                            100.0 * count / embedding.rows())));
                }
            }
            rows.add(new Entry("Origin", "Reference embedding", orDash(embedding.origin().referenceEmbedding())));
            rows.add(new Entry("Origin", "Reference tokenizer", orDash(embedding.origin().referenceTokenizer())));
            rows.add(new Entry("Origin", "Matching", embedding.origin().matchingMode()));
            rows.add(new Entry("Origin", "Seed", Long.toString(embedding.origin().seed())));
            rows.add(new Entry("Origin", "Source model", orDash(embedding.origin().sourceModel())));
            rows.add(new Entry("Tokenizer", "Source", orDash(embedding.tokenizerSource())));
            rows.add(new Entry("Tokenizer", "Tokens", embedding.tokenizerSize() == 0 ? "—"
                    : String.format("%,d", embedding.tokenizerSize())));
            rows.add(new Entry("Files", "Saved at", embedding.savedAt().map(Object::toString).orElse("not saved")));
            rows.add(new Entry("Files", "Unsaved training", embedding.unsavedTraining() ? "yes" : "no"));
        } else if (model != null) {
            rows.add(new Entry("Model", "Source", model.source()));
            rows.add(new Entry("Model", "Architecture", model.modelType()));
            rows.add(new Entry("Model", "Layers", Integer.toString(model.numLayers())));
            rows.add(new Entry("Model", "Hidden size", Integer.toString(model.hiddenSize())));
            switch (model) {
                case AdapterModel bert -> {
                    BertConfig config = bert.config();
                    rows.add(new Entry("Model", "Attention heads", Integer.toString(config.numAttentionHeads())));
                    rows.add(new Entry("Model", "Feed-forward size", Integer.toString(config.intermediateSize())));
                }
                case DecoderModel decoder -> {
                    DecoderConfig config = decoder.config();
                    rows.add(new Entry("Model", "Attention heads", config.numAttentionHeads() + " (key/value "
                            + config.keyValueHeads() + ")"));
                    rows.add(new Entry("Model", "Feed-forward size", Integer.toString(config.intermediateSize())));
                    rows.add(new Entry("Model", "Output rows", decoder.tied() ? "tied to the input rows"
                            : "untied: input + output pairs"));
                }
            }
            rows.add(new Entry("Model", "Active embedding", model.activeEmbeddings()));
            rows.add(new Entry("Model", "Vocabulary (active)", String.format("%,d", model.vocabSize())));
            rows.add(new Entry("Model", "Device", DeviceName.of(model.device().toString())));
        }
        entries.setAll(rows);
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "—" : value;
    }

    private static String capitalised(String value) {
        return Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }
}
