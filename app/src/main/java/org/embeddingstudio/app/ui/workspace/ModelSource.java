package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import org.embeddingstudio.app.demo.DemoWorkspace;
import org.embeddingstudio.app.demo.GermanDemoVocabulary;
import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;

import java.io.IOException;
import java.nio.file.Path;

/** Where a workspace's model comes from. */
public sealed interface ModelSource {
    /** Loads the model (slow: call on a background thread), telling {@code progress} what it is doing. */
    NamedEmbeddingsModel load(Device device, ProgressSink progress) throws IOException;

    /** How the user sees it. */
    String label();

    /** A Hugging Face model folder, shown by its folder name or, from the Hub cache, by the model's id. */
    record Folder(Path path, String name) implements ModelSource {
        public Folder(Path path) {
            this(path, path.getFileName() == null ? path.toString() : path.getFileName().toString());
        }

        @Override
        public NamedEmbeddingsModel load(Device device, ProgressSink progress) throws IOException {
            return NamedEmbeddingsModel.load(path, device);
        }

        @Override
        public String label() {
            return name;
        }
    }

    /**
     * The built-in demo: MiniLM as "default" and a "german" embedding whose trained vocabulary is cached in
     * {@code cacheFolder}.
     */
    record Demo(Path cacheFolder) implements ModelSource {
        /** The demo with its cache in the user's cache folder. */
        public Demo() {
            this(GermanDemoVocabulary.userCacheFolder());
        }

        @Override
        public NamedEmbeddingsModel load(Device device, ProgressSink progress) throws IOException {
            return DemoWorkspace.load(device, cacheFolder, progress);
        }

        @Override
        public String label() {
            return "Demo";
        }
    }
}
