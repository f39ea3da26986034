package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.training.run.ClusterExport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export run for a cluster: the folder, the generated script, and importing what such a script writes. */
class ClusterExportTest {
    /** As model-core's PythonTorch: the system Python, where python3-torch installs. */
    static final String PYTHON = System.getenv().getOrDefault("PYTHON_TORCH", "/usr/bin/python3");
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;
    TrainingViewModel training;
    Path exported;

    @BeforeEach
    void trainAndExport() throws Exception {
        training = TestTraining.open(test, temp);
        Path corpus = temp.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("w" + (5 + i % 7) + " w20 w30 w" + (40 + i % 11));
        }
        Files.write(corpus, lines);
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("2");
        training.form().hyperParameters().batchSize().set("4");
        training.form().hyperParameters().sequenceLength().set("16");
        training.run().start();
        exported = temp.resolve("for-cluster");
        training.cluster().exportForCluster(exported, training.history().runs().get(0));
        assertTrue(training.cluster().exportedProperty().get().startsWith("Exported to"),
                training.cluster().exportedProperty().get());
    }

    @Test
    void theFolderHoldsTheEmbeddingInAdaptersLayoutTheAdapterTheDataAndTheLaunchFiles() {
        for (String file : List.of("embedding/embedding.pt", "embedding/tokenizer", "adapter/adapter_config.json",
                "data/corpus.txt", "train.py", "accelerate_config.yaml", "README.md")) {
            assertTrue(Files.exists(exported.resolve(file)), file);
        }
    }

    @Test
    void theScriptCompilesUsesAdaptersTrainerWithTheRunsSettingsAndEveryFileItNamesExists() throws Exception {
        requirePython();
        Process compile = new ProcessBuilder(PYTHON, "-m", "py_compile", exported.resolve("train.py").toString())
                .redirectErrorStream(true).start();
        String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, compile.waitFor(), output);

        String script = Files.readString(exported.resolve("train.py"));
        assertTrue(script.contains("model.train_adapter(ADAPTER, train_embeddings=TRAIN_EMBEDDINGS)"));
        assertTrue(script.contains("TRAIN_EMBEDDINGS = True"));
        assertTrue(script.contains("AdapterTrainer(model=model"));
        assertTrue(script.contains("MAX_STEPS = 2\n") && script.contains("BATCH_SIZE = 4\n")
                && script.contains("MAX_LENGTH = 16\n") && script.contains("LEARNING_RATE = 1.0E-4\n"), script);
        Matcher named = Pattern.compile("os\\.path\\.join\\(HERE((?:, \"[^\"]+\")+)\\)").matcher(script);
        int files = 0;
        while (named.find()) {
            Path path = exported;
            for (String part : named.group(1).split(", ")) {
                if (!part.isEmpty()) {
                    path = path.resolve(part.replace("\"", ""));
                }
            }
            if (!path.startsWith(exported.resolve(ClusterExport.OUTPUT))) {
                assertTrue(Files.exists(path), "the script names " + path);
                files++;
            }
        }
        assertEquals(4, files, "the data, the embedding, its tokenizer and the adapter are named");
    }

    @Test
    void whatTheScriptsSaveEmbeddingsAndSaveAdapterWriteLoadsBack() throws Exception {
        requireTorch();
        // adapters' save_embeddings: torch.save of the (rows, hidden) weight as embedding.pt, the tokenizer in
        // tokenizer/; save_adapter: adapters' adapter folder (here the exported one, standing in for the trained).
        Path output = exported.resolve("output");
        Path embedding = Files.createDirectories(output.resolve("embedding"));
        String python = "import torch, sys\ntorch.manual_seed(0)\ntorch.save(torch.randn(99, 32), sys.argv[1])\n";
        Process save = new ProcessBuilder(PYTHON, "-c", python, embedding.resolve("embedding.pt").toString())
                .redirectErrorStream(true).start();
        String message = new String(save.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, save.waitFor(), message);
        copy(exported.resolve("embedding/tokenizer"), embedding.resolve("tokenizer"));
        copy(exported.resolve("adapter"), output.resolve("adapter"));
        workspace.deleteAdapter("adapter");

        training.cluster().importResults(exported);

        EmbeddingInfo cluster = workspace.embeddings().stream().filter(e -> e.name().equals("cluster")).findFirst()
                .orElseThrow(() -> new AssertionError(test.errors + " " + workspace.embeddings()));
        assertEquals(99, cluster.rows());
        assertTrue(workspace.adapters().contains("adapter"), test.errors.toString());
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertFalse(training.cluster().exportedProperty().get().isEmpty());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void requirePython() throws Exception {
        require("import py_compile");
    }

    private static void requireTorch() throws Exception {
        require("import torch");
    }

    /** Skips where Python (or torch) is missing, as model-core's PythonTorch does; under CI it must be there. */
    private static void require(String statement) throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder(PYTHON, "-c", statement).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (System.getenv("CI") != null) {
            assertTrue(present, "python3 with '" + statement + "' is required under CI");
        }
        Assumptions.assumeTrue(present, "python3 with '" + statement + "' is not available");
    }
}
