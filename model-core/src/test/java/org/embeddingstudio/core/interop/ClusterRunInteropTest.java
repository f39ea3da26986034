package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.ModelLoader;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.run.ClusterExport;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Export for a cluster" runs unchanged under the real adapters, transformers and accelerate: the exported
 * {@code train.py} trains, its checkpoints hold the embedding, and what it saves imports here and computes what
 * adapters computes with it.
 */
@Tag("python-interop")
class ClusterRunInteropTest {
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}, {1}, embedding {2}, {3}")
    @CsvSource({
        "bert, classification, new, python",
        "xlm-roberta, masked-lm, default, python",
        "bert, masked-lm, new, accelerate"})
    void anExportedRunTrainsUnderTheRealLibrariesAndItsResultsImportHere(String family, String objective,
                                                                       String embedding, String launcher)
            throws Exception {
        Path base = temp.resolve(family);
        RealLibraries.run("model", family, base);
        Path model = base.resolve("model");
        // The model's own tokenizer beside it, so that "default" has one to export.
        Files.write(model.resolve("vocab.txt"), RealLibrariesInteropTest.BASE_VOCAB);
        boolean classification = objective.equals("classification");
        Path data = classification ? pairData() : Files.write(temp.resolve("corpus.txt"), List.of(
                "der hund ist rot .", "die katze und das haus", "the cat sat , klein", "",
                "das haus ist klein .", "der cat und die mat ."));
        TrainingConfig config = TrainingConfig.defaults().withSteps(4).withBatch(2, 16).withEvaluation(0.25, 0)
                .withCheckpointEvery(2);
        Path export = temp.resolve("export");
        try (AdapterModel here = ModelLoader.load(model, Device.cpu())) {
            if (!embedding.equals("default")) {
                Tokenizer tokenizer = TestTokenizers.fromVocabTxt(temp.resolve("new-tokenizer"),
                        RealLibrariesInteropTest.NEW_VOCAB);
                here.addEmbeddings(embedding, tokenizer, "default", here.activeTokenizer().orElseThrow());
            }
            here.addAdapter("a", BottleneckConfig.seqBn());
            if (classification) {
                here.addClassificationHead("a", List.of("01", "10", "11"));
            }
            RunRequest request = new RunRequest("a", true, classification ? Objective.CLASSIFICATION
                    : Objective.MASKED_LM, data, classification ? new ClassificationDatasetReader.Columns("sentence1",
                    "sentence2", "label") : null, config, temp.resolve("checkpoints"));
            ClusterExport.write(export, here, embedding, request);
        }

        List<String> command = new ArrayList<>(launcher.equals("accelerate")
                ? List.of("-m", "accelerate.commands.launch", "--cpu", "--num_processes", "2", "--num_machines", "1",
                "--mixed_precision", "no", "--dynamo_backend", "no", "train.py")
                : List.of("train.py"));
        command.addAll(List.of("--base-model", model.toString()));
        String log = RealLibraries.python(command, export);

        Path output = export.resolve(ClusterExport.OUTPUT);
        assertTrue(Files.isRegularFile(output.resolve("embedding/embedding.pt")), log);
        assertTrue(Files.isRegularFile(output.resolve("checkpoints/checkpoint-2/embedding/embedding.pt")),
                "an intermediate checkpoint holds the embedding: " + log);
        assertTrue(Files.isRegularFile(output.resolve("adapter/head_config.json")), "the head trained with it");

        // Import results, as the Training window does, and compute what adapters computes with the same files.
        Map<String, HostTensor> ours = new LinkedHashMap<>();
        try (AdapterModel imported = ModelLoader.load(model, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            imported.loadEmbeddings(output.resolve("embedding"), "cluster");
            imported.setActiveAdapter(imported.loadAdapter(output.resolve("adapter"), null));
            TokenBatch batch = TokenBatch.of(manager, new long[][] {{2, 5, 8, 15, 18, 16, 3}, {2, 10, 20, 21, 3, 0, 0}},
                    new long[2][7], 0);
            ours.putAll(RealLibrariesInteropTest.outputs(imported, batch, classification));
        }
        Path inputs = temp.resolve("ours.safetensors");
        Safetensors.write(inputs, ours, Map.of());
        Path theirs = temp.resolve("theirs.safetensors");
        RealLibraries.run("adapters-load", model, output.resolve("embedding"), output.resolve("adapter"), inputs,
                theirs);
        Map<String, HostTensor> expected = Safetensors.read(theirs).tensors();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String name : List.of("last_hidden_state", "logits")) {
                NDArray a = HostTensors.toNDArray(manager, ours.get(name));
                NDArray b = HostTensors.toNDArray(manager, expected.get(name));
                assertEquals(b.getShape(), a.getShape(), name);
                float difference = a.sub(b).abs().max().getFloat();
                assertTrue(difference < TOLERANCE, name + " differ by " + difference);
            }
        }
    }

    /** Pairs with labels that type inference would turn into numbers ("01" → 1) and an empty pair cell. */
    private Path pairData() throws Exception {
        List<String> lines = new ArrayList<>(List.of("sentence1,sentence2,label"));
        String[][] rows = {{"der hund ist rot .", "the cat sat", "01"}, {"\"die katze, und das haus\"", "", "10"},
            {"\"the cat sat , klein\"", "das haus", "11"}, {"rot rot", "klein", "01"}, {"der mat", "die katze", "10"},
            {"das haus ist klein", "der hund", "11"}, {"cat sat", "rot", "01"}, {"und ist", "mat", "10"}};
        for (String[] row : rows) {
            lines.add(String.join(",", row));
        }
        return Files.write(temp.resolve("pairs.csv"), lines);
    }
}
