package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.ModelLoader;

import java.io.IOException;
import java.nio.file.Path;

/** Where a workspace's model comes from. */
public sealed interface ModelSource {
    /** Loads the model (slow: call on a background thread). */
    AdapterModel load(Device device) throws IOException;

    /** How the user sees it. */
    String label();

    /** A Hugging Face model folder. */
    record Folder(Path path) implements ModelSource {
        @Override
        public AdapterModel load(Device device) throws IOException {
            return ModelLoader.load(path, device);
        }

        @Override
        public String label() {
            return path.getFileName() == null ? path.toString() : path.getFileName().toString();
        }
    }

    /** The built-in demo model. */
    record Demo() implements ModelSource {
        @Override
        public AdapterModel load(Device device) throws IOException {
            return org.embeddingstudio.core.model.DemoModel.load(device);
        }

        @Override
        public String label() {
            return "Demo";
        }
    }
}
