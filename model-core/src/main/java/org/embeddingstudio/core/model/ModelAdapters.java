package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.AdapterPlacement;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.FolderSave;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.MaskedLmHead;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The adapter and head commands behind {@link AdapterModel}: making, saving and loading adapters and prediction
 * heads, as {@code adapters}' {@code save_adapter}/{@code load_adapter} and flexible heads. Not thread-safe: guarded
 * by the model's lock, so only the model's synchronized methods call it.
 */
final class ModelAdapters implements AutoCloseable {
    private final NDManager manager;
    private final BertConfig config;
    private final String source;
    private final long seed;
    private final EmbeddingRegistry embeddings;
    final AdapterRegistry adapters = new AdapterRegistry();
    final HeadRegistry heads;

    ModelAdapters(NDManager manager, BertConfig config, String source, long seed, EmbeddingRegistry embeddings,
                  MaskedLmHead maskedLmHead) {
        this.manager = manager;
        this.config = config;
        this.source = source;
        this.seed = seed;
        this.embeddings = embeddings;
        this.heads = new HeadRegistry(maskedLmHead, () -> MaskedLmHead.random(config, manager, seed));
    }

    void addAdapter(String name, BottleneckConfig adapterConfig) {
        adapters.checkNewName(name);
        adapters.add(BottleneckAdapter.create(name, adapterConfig, AdapterPlacement.of(config), manager,
                GaussianFill.derive(seed, "adapter:" + name)));
    }

    void saveAdapter(Path folder, String name, boolean withHead) throws IOException {
        HeadFiles.Head head = null;
        if (withHead) {
            head = heads.activeClassification().<HeadFiles.Head>map(HeadFiles.Classification::new)
                    .orElseGet(this::maskedLmWithActiveEmbedding);
        }
        HeadFiles.Head saved = head;
        AdapterFiles.save(folder, adapters.get(name), AdapterPlacement.of(config), source,
                saved == null ? null : save -> HeadFiles.save(save, saved, config, source));
    }

    /** The masked-LM head as saved: the active embedding is its tied decoder and gives its output bias. */
    private HeadFiles.MaskedLm maskedLmWithActiveEmbedding() {
        TokenEmbedding active = embeddings.active();
        return new HeadFiles.MaskedLm(HeadRegistry.MASKED_LM, heads.maskedLm().parameters(), active.weight(),
                active.outputBias());
    }

    String loadAdapter(Path folder, String name) throws IOException {
        return ModelEmbeddings.withSubManager(manager, owned -> {
            BottleneckAdapter adapter = AdapterFiles.load(folder, name, AdapterPlacement.of(config), owned);
            HeadFiles.Head head = HeadFiles.load(folder, config, owned).orElse(null);
            adapters.checkNewName(adapter.name());
            if (head instanceof HeadFiles.Classification c && heads.names().contains(c.name())) {
                throw new IllegalArgumentException("a head named '" + c.name() + "' already exists");
            }
            adapters.add(adapter);
            switch (head) {
                case HeadFiles.Classification c -> addClassificationHead(c.head());
                case HeadFiles.MaskedLm mlm -> installMaskedLmHead(mlm);
                case null -> { }
            }
            return adapter.name();
        });
    }

    /**
     * A loaded masked-LM head replaces the current one; its output bias goes to the active embedding when it was
     * saved over a vocabulary of the same size (it belongs to a vocabulary, not to the head).
     */
    private void installMaskedLmHead(HeadFiles.MaskedLm loaded) {
        heads.replaceMaskedLm(MaskedLmHead.of(config, manager, loaded.transform()));
        TokenEmbedding active = embeddings.active();
        if (loaded.bias() != null && loaded.bias().getShape().equals(active.outputBias().getShape())) {
            active.outputBias().set(loaded.bias().toByteBuffer());
        }
        heads.activate(HeadRegistry.MASKED_LM);
    }

    void reattachAdapter(BottleneckAdapter adapter, boolean active) {
        adapters.add(adapter);
        if (active) {
            adapters.activate(adapter.name());
        }
    }

    void addClassificationHead(String name, List<String> labels) {
        heads.addClassification(ClassificationHead.create(name, labels, config.hiddenSize(),
                config.hiddenDropoutProb(), config.initializerRange(), manager,
                GaussianFill.derive(seed, "head:" + name)));
        heads.activate(name);
    }

    void addClassificationHead(ClassificationHead head) {
        heads.addClassification(head);
        heads.activate(head.name());
    }

    void saveHead(Path folder, String name) throws IOException {
        HeadFiles.Head head = HeadRegistry.MASKED_LM.equals(name) ? maskedLmWithActiveEmbedding()
                : new HeadFiles.Classification(heads.classification(name).orElseThrow(() ->
                        new IllegalArgumentException("no head named '" + name + "'; heads: " + heads.names())));
        AdapterFiles.saveHead(folder, save -> HeadFiles.save(save, head, config, source));
    }

    String loadHead(Path folder, boolean freshMaskedLm) throws IOException {
        // A save killed mid-way is finished or undone first, as for embeddings and adapters: never a mix of two.
        FolderSave.recoverBeforeReading(folder);
        return ModelEmbeddings.withSubManager(manager, owned -> {
            HeadFiles.Head head = HeadFiles.load(folder, config, owned).orElseThrow(() ->
                    new FileFormatException(folder.resolve(AdapterFiles.HEAD_CONFIG),
                            "is missing: the folder holds no head"));
            switch (head) {
                case HeadFiles.Classification c -> heads.addClassification(c.head());
                case HeadFiles.MaskedLm mlm -> heads.replaceMaskedLm(MaskedLmHead.of(config, manager, mlm.transform()),
                        freshMaskedLm);
            }
            return head.name();
        });
    }

    @Override
    public void close() {
        adapters.close();
        heads.close();
    }
}
