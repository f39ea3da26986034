package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The model the app starts on: built offline, in seconds, from what ships inside the application. */
final class DemoModel {
    private DemoModel() {
    }

    static AdapterModel load(Device device) throws IOException {
        Path folder = Files.createTempDirectory("embedding-studio-demo");
        List<String> vocabulary = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (String word : ("the a cat dog sat ran on in mat house garden big small red blue and is was "
                + "##s ##ed ##ing . , ! ?").split(" ")) {
            vocabulary.add(word);
        }
        Files.write(folder.resolve("vocab.txt"), vocabulary);
        return AdapterModel.random(BertConfig.of(Architecture.BERT, vocabulary.size(), 64, 2, 4, 128, 128),
                TokenizerLoader.load(folder.resolve("vocab.txt")), device, 42);
    }
}
