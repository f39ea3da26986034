package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.ByteLevelBpeTrainer;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A workspace on a real tiny BERT (model-core's PyTorch reference folder plus a 99-token vocab.txt), with
 * immediate tasks, a direct UI executor and scripted dialogs: view models run exactly as in the app, without a screen.
 * As an extension it opens the model before each test and closes it after:
 * <pre>
 * &#64;TempDir Path temp;
 * &#64;RegisterExtension final TestWorkspace test = new TestWorkspace(() -&gt; temp);
 * final WorkspaceViewModel workspace = test.workspace;
 * </pre>
 */
public final class TestWorkspace implements Notifier, BeforeEachCallback, AfterEachCallback {
    public final List<String> errors = new ArrayList<>();
    /** The user's answers for the view models under test; checked after each test like its assertions. */
    public final ScriptedDialogs dialogs = new ScriptedDialogs();
    public final WorkspaceViewModel workspace;
    /** The tiny model's folder, there once the workspace is open. */
    public Path model;
    /** Asked when the test starts, not when the test is built: JUnit fills {@code @TempDir} fields in between. */
    private final Supplier<Path> folder;

    /** Opens the model in {@code folder} before each test. */
    public TestWorkspace(Supplier<Path> folder) {
        this(folder, new ImmediateTaskRunner());
    }

    /** The same, with the workspace's jobs run by {@code tasks}. */
    public TestWorkspace(Supplier<Path> folder, TaskRunner tasks) {
        this.folder = folder;
        workspace = new WorkspaceViewModel(tasks, this, new FxBridge(Runnable::run), Device.cpu());
    }

    /** Opened at once, outside a test's life cycle (a second workspace, a process of its own): the caller closes it. */
    public static TestWorkspace openIn(Path folder) throws IOException {
        TestWorkspace test = new TestWorkspace(() -> folder);
        test.open();
        return test;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        open();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AdapterModel open = (AdapterModel) workspace.modelProperty().get();
        if (open != null) {
            open.close();
        }
        dialogs.assertAsScripted();
    }

    /** A byte-level BPE tokenizer (RoBERTa's kind) trained on {@code texts}, saved in {@code folder}. */
    public static Path byteLevelTokenizer(Path folder, String... texts) throws IOException {
        try (Tokenizer tokenizer = ByteLevelBpeTrainer.builder().setVocabSize(300).build()
                .train(List.of(texts), fraction -> { }, CancellationToken.none())) {
            tokenizer.saveTo(folder);
        }
        return folder;
    }

    /** The tiny BERT test model as a Hugging Face folder {@code tiny-bert} in {@code parent}: 99 words w0…w98. */
    public static Path tinyBert(Path parent) throws IOException {
        Path model = Files.createDirectories(parent.resolve("tiny-bert"));
        Path reference = Path.of("../model-core/src/test/resources/reference/tiny-bert");
        for (String file : List.of("config.json", "model.safetensors")) {
            Files.copy(reference.resolve(file), model.resolve(file));
        }
        Files.write(model.resolve("vocab.txt"), vocabulary(99, "w"));
        return model;
    }

    /** Text a tiny decoder's tokenizer is trained on and trains on: a few English sentences. */
    public static final List<String> DECODER_TEXTS = List.of("the cat sat on the mat", "the dog ate the bone",
            "a bird sang in the tree", "the sun rose over the hills", "she read the book by the window");

    /**
     * A tiny random Llama-family decoder with an untied head (two layers, hidden 32) and a byte-level BPE tokenizer
     * trained on {@link #DECODER_TEXTS}, exported as a Hugging Face folder {@code tiny-llama} in {@code parent}.
     */
    public static Path tinyDecoder(Path parent) throws IOException {
        Path tokenizerFolder = byteLevelTokenizer(Files.createDirectories(parent.resolve("tiny-llama-tokenizer")),
                DECODER_TEXTS.toArray(String[]::new));
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree("""
                {"model_type": "llama", "vocab_size": 1, "hidden_size": 32, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 64,
                 "max_position_embeddings": 128, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}""");
        Path folder = parent.resolve("tiny-llama");
        try (Tokenizer tokenizer = TokenizerLoader.load(tokenizerFolder);
             DecoderModel model = DecoderModel.random(DecoderConfig.fromJson(config), tokenizer, Device.cpu(), 7)) {
            model.exportHuggingFace(folder);
        }
        return folder;
    }

    private void open() throws IOException {
        model = tinyBert(folder.get());
        workspace.open(new ModelSource.Folder(model));
    }

    /**
     * Writes {@code file}: the 5 specials, w0…w{shared-1} (all in the model's vocabulary) and x0…x{fresh-1} (in
     * none) — a new vocabulary whose overlap with "default" is known by hand.
     */
    public static Path newVocabulary(Path file, int shared, int fresh) throws IOException {
        List<String> tokens = new ArrayList<>(vocabulary(5 + shared, "w"));
        for (int i = 0; i < fresh; i++) {
            tokens.add("x" + i);
        }
        return Files.write(file, tokens);
    }

    /** [PAD] [UNK] [CLS] [SEP] [MASK], then {@code prefix}0, {@code prefix}1, … up to {@code size} tokens. */
    public static List<String> vocabulary(int size, String prefix) {
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = 0; tokens.size() < size; i++) {
            tokens.add(prefix + i);
        }
        return tokens;
    }

    @Override
    public void error(String title, Throwable error) {
        errors.add(title + ": " + error.getMessage());
    }

    @Override
    public void info(String message) {
    }
}
