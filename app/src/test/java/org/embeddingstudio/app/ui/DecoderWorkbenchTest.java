package org.embeddingstudio.app.ui;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.app.ui.embeddings.AddEmbeddingsViewModel;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.properties.PropertiesViewModel;
import org.embeddingstudio.app.ui.training.TrainingRunViewModel;
import org.embeddingstudio.app.ui.training.TrainingViewModel;
import org.embeddingstudio.app.ui.tryit.GenerationViewModel;
import org.embeddingstudio.app.ui.tryit.TryItViewModel;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.LogEntry;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.generation.BitsPerByte;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.training.run.TrainAdapterJob;
import org.embeddingstudio.core.training.run.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench on a decoder (a tiny random Llama with an untied head, as a Hugging Face folder), without a screen:
 * it opens, lists its embedding pairs, adds one for another tokenizer, continues a prompt under both, trains on
 * next-token prediction, and a saved workspace reopens with every row and every logit bit for bit.
 */
class DecoderWorkbenchTest {
    @TempDir
    Path temp;
    private final List<TestWorkspace> open = new ArrayList<>();
    private WorkspaceViewModel workspace;
    private TestWorkspace test;

    @BeforeEach
    void openDecoder() throws IOException {
        test = workspaceOn(TestWorkspace.tinyDecoder(temp));
        workspace = test.workspace;
    }

    @AfterEach
    void close() {
        open.forEach(each -> {
            NamedEmbeddingsModel model = each.workspace.modelProperty().get();
            if (model != null) {
                model.close();
            }
        });
    }

    @Test
    void opensWithItsEmbeddingPairAndDescribesItsHead() {
        assertInstanceOf(DecoderModel.class, workspace.modelProperty().get());
        assertEquals(List.of("default"), workspace.embeddings().stream().map(EmbeddingInfo::name).toList());
        assertTrue(workspace.embeddings().get(0).pair(), "an untied head: input and output rows");
        assertTrue(workspace.log().stream().anyMatch(e -> e.text().contains("llama, 2 layers, hidden 32, untied head")),
                workspace.log().toString());
        PropertiesViewModel properties = new PropertiesViewModel();
        properties.show(workspace.modelProperty().get(), null);
        assertTrue(properties.entries().stream().anyMatch(e -> e.value().startsWith("untied")),
                properties.entries().toString());
    }

    @Test
    void continuesAPromptUnderTheNewEmbeddingAndDefaultColouredByRowOrigin() throws IOException {
        addGermanish();
        TryItViewModel tryIt = new TryItViewModel(workspace, new ImmediateTaskRunner());
        assertEquals(TryItViewModel.Mode.GENERATE, tryIt.modeProperty().get());
        assertTrue(tryIt.decoderProperty().get());
        GenerationViewModel generation = tryIt.generation();
        generation.promptProperty().set("the cat sat on the");
        generation.maxNewTokensProperty().set("6");

        generation.generate();

        assertTrue(test.errors.isEmpty(), test.errors.toString());
        List<GenerationViewModel.GeneratedToken> underNew = generation.activeTokens();
        List<GenerationViewModel.GeneratedToken> underDefault = generation.defaultTokens();
        assertTrue(underNew.stream().anyMatch(GenerationViewModel.GeneratedToken::prompt), underNew.toString());
        assertTrue(underNew.stream().anyMatch(t -> !t.prompt()), "new tokens were generated: " + underNew);
        assertTrue(underDefault.stream().allMatch(t -> t.origin() == RowOrigin.PRETRAINED), underDefault.toString());
        // "the" is in both vocabularies, so its row was copied; the new tokenizer's own words were drawn.
        assertTrue(underNew.stream().anyMatch(t -> t.prompt() && t.origin() == RowOrigin.COPIED), underNew.toString());
        assertEquals("'new' (active)", generation.activeTitleProperty().get());
        assertTrue(generation.noteProperty().get().startsWith("Greedy"), generation.noteProperty().get());
        assertEquals("new", workspace.activeEmbeddingProperty().get(), "generating under default switched back");
        assertTrue(workspace.log().stream().noneMatch(e -> e.text().equals("Active embedding: 'default'")),
                "a look through 'default' is no switch the user made: " + workspace.log());

        List<GenerationViewModel.GeneratedToken> first = List.copyOf(underNew);
        generation.generate();
        assertEquals(first, List.copyOf(generation.activeTokens()), "greedy: the same prompt, the same text");

        generation.samplingProperty().set(true);
        generation.temperatureProperty().set("hot");
        generation.generate();
        assertEquals("Enter the temperature as a number, such as 0.8.", generation.noteProperty().get());
    }

    @Test
    void addingAnEmbeddingWithAHeldOutTextLogsItsZeroShotCheckAndThePreviewNamesSpecialTokens() throws IOException {
        Path tokenizer = TestWorkspace.byteLevelTokenizer(Files.createDirectories(temp.resolve("new-tokenizer")),
                "the cat sat on the mat", "die katze sass auf der matte");
        Path heldOut = Files.writeString(temp.resolve("held-out.txt"), "the dog sat on the bone by the window\n");
        AddEmbeddingsViewModel add = new AddEmbeddingsViewModel(workspace, new ImmediateTaskRunner());
        assertTrue(add.forDecoder());
        add.nameProperty().set("new");
        add.tokenizerProperty().set(tokenizer);
        add.referenceProperty().set("default");
        add.zeroShotTextProperty().set(heldOut);
        assertTrue(add.previewProperty().get().contains("copied from 'default'"), add.previewProperty().get());

        add.confirm();

        assertTrue(add.addedProperty().get(), add.failureProperty().get());
        String line = workspace.log().stream().map(LogEntry::text).filter(t -> t.startsWith("Zero-shot check"))
                .findFirst().orElseThrow(() -> new AssertionError(workspace.log().toString()));
        Matcher figures = Pattern.compile("Zero-shot check on held-out.txt: ([\\d.]+) bits per byte under 'new', "
                + "([\\d.]+) under 'default' \\(ratio ([\\d.]+);").matcher(line);
        assertTrue(figures.find(), line);
        double underNew = Double.parseDouble(figures.group(1));
        double underDefault = Double.parseDouble(figures.group(2));
        assertTrue(underNew > 0 && underDefault > 0, line);
        assertEquals(underNew / underDefault, Double.parseDouble(figures.group(3)), 2e-3, line);
        assertEquals("new", workspace.activeEmbeddingProperty().get(), "the check leaves the new embedding active");
    }

    @Test
    void trainsOnNextTokenPredictionAndTheSavedWorkspaceReopensBitForBit() throws IOException {
        addGermanish();
        TrainingViewModel training = trainingOn(test);
        assertEquals(List.of(Objective.CAUSAL_LM), training.data().objectives());
        assertEquals(Objective.CAUSAL_LM, training.data().objectiveProperty().get());
        setUpFourSteps(training);
        Map<String, float[]> before = rows((DecoderModel) workspace.modelProperty().get());

        training.run().start();

        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertTrue(workspace.log().stream().anyMatch(e -> e.text().equals("Training changed adapter 'adapter'")),
                "a decoder has no prediction head of its own to speak of: " + workspace.log());
        String summary = training.history().summaryProperty().get();
        Matcher heldOut = Pattern.compile("Held-out \\(\\d+ predictions\\): loss ([\\d.]+), accuracy [\\d.]+ %, "
                + "perplexity ([\\d.]+)\\.").matcher(summary);
        assertTrue(heldOut.find(), summary);
        assertEquals(Math.exp(Double.parseDouble(heldOut.group(1))), Double.parseDouble(heldOut.group(2)), 0.01,
                "the perplexity is the exponential of the held-out next-token loss: " + summary);

        // The summary's zero-shot check on the held-out text: its reference is the model as it came ("default",
        // no adapter), measured here again on the same text after switching the adapter off by hand.
        Matcher check = Pattern.compile("Zero-shot check on the held-out text: ([\\d.]+) bits per byte under 'new', "
                + "([\\d.]+) under 'default'").matcher(summary);
        assertTrue(check.find(), summary);
        RunRequest request = training.history().runs().get(0).request();
        DecoderModel model = (DecoderModel) workspace.modelProperty().get();
        String heldOutText = CausalLmTask.fromTextFile(request.data(), model.tokenizerOf("new").orElseThrow(),
                request.config()).heldOutText(TrainAdapterJob.HELD_OUT_CHECK_CHARS);
        workspace.setActiveAdapter(null);
        workspace.setActive("default");
        double asItCame;
        try (DecoderSnapshot active = model.snapshot(model.activeEmbeddings())) {
            asItCame = BitsPerByte.of(active, model.tokenizerOf("default").orElseThrow(), heldOutText,
                    ZeroShotCheck.window(model, null), CancellationToken.none()).bitsPerByte();
        }
        assertEquals(asItCame, Double.parseDouble(check.group(2)), 1e-4, summary);
        workspace.setActive("new");
        workspace.setActiveAdapter("adapter");
        assertTrue(workspace.adapters().contains("adapter"));
        DecoderModel trained = (DecoderModel) workspace.modelProperty().get();
        Map<String, float[]> after = rows(trained);
        assertFalse(Arrays.equals(before.get("new input"), after.get("new input")), "input rows trained");
        assertFalse(Arrays.equals(before.get("new output"), after.get("new output")),
                "output rows trained with them");
        assertArrayEquals(before.get("default input"), after.get("default input"), "default never trains");

        Path file = temp.resolve("decoder.esw");
        workspace.saveWorkspace(file);
        TestWorkspace reopened = workspaceOn(null);
        reopened.workspace.openWorkspace(file);
        assertTrue(reopened.errors.isEmpty(), reopened.errors.toString());
        DecoderModel back = (DecoderModel) reopened.workspace.modelProperty().get();
        assertEquals("new", back.activeEmbeddings());
        assertEquals(trained.activeAdapter(), back.activeAdapter());
        Map<String, float[]> reread = rows(back);
        assertEquals(after.keySet(), reread.keySet());
        after.forEach((name, values) -> assertArrayEquals(values, reread.get(name), name));
        assertArrayEquals(logits(trained), logits(back), "the same model: the same logits, bit for bit");
    }

    @Test
    void aRunsZeroShotCheckIsKeptWithTheWorkspaceAndShownAgainWhenItReopens() throws IOException {
        addGermanish();
        TrainingViewModel training = trainingOn(test);
        setUpFourSteps(training);
        training.run().start();
        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get());
        TrainingRun run = training.history().runs().get(0);
        String summary = training.history().summaryProperty().get();
        assertTrue(summary.contains(" Zero-shot check on the held-out text: " + run.heldOutCheck().describe() + "."),
                summary);
        assertEquals("next-token", training.history().runRows().get(0).objective());
        String bitsPerByte = training.history().runRows().get(0).bitsPerByte();
        assertTrue(bitsPerByte.matches("\\d+\\.\\d{4} \\(default \\d+\\.\\d{4}\\)"), bitsPerByte);
        Path file = temp.resolve("decoder.esw");
        workspace.saveWorkspace(file);

        TestWorkspace reopened = workspaceOn(null);
        TrainingViewModel reopenedTraining = trainingOn(reopened);
        reopened.workspace.openWorkspace(file);

        assertTrue(reopened.errors.isEmpty(), reopened.errors.toString());
        TrainingRun kept = reopenedTraining.history().runs().get(0);
        assertEquals(run.heldOutCheck(), kept.heldOutCheck());
        assertEquals(bitsPerByte, reopenedTraining.history().runRows().get(0).bitsPerByte());
        reopenedTraining.history().show(kept);
        assertEquals(summary, reopenedTraining.history().summaryProperty().get(),
                "the reopened run's summary says what it said when the run ended");
    }

    private TrainingViewModel trainingOn(TestWorkspace opened) {
        return new TrainingViewModel(opened.workspace, new ImmediateTaskRunner(), new FxBridge(Runnable::run),
                opened.dialogs, () -> temp.resolve("runs"));
    }

    /** Four steps of next-token prediction on the decoder texts, batches of 4 blocks of 16 tokens. */
    private void setUpFourSteps(TrainingViewModel training) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.addAll(TestWorkspace.DECODER_TEXTS);
        }
        training.data().dataFileProperty().set(Files.write(temp.resolve("corpus.txt"), lines));
        training.form().hyperParameters().batchSize().set("4");
        training.form().hyperParameters().sequenceLength().set("16");
        training.form().hyperParameters().learningRate().set("1e-2");
        training.form().hyperParameters().steps().set("4");
        assertEquals("", training.form().problemProperty().get());
    }

    private void addGermanish() throws IOException {
        Path tokenizer = TestWorkspace.byteLevelTokenizer(Files.createDirectories(temp.resolve("new-tokenizer")),
                "the cat sat on the mat", "die katze sass auf der matte", "der hund frass den knochen");
        workspace.addEmbeddings(new AddEmbeddingsRequest("new", tokenizer, "default", null, OptionalLong.of(3)));
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertEquals("new", workspace.activeEmbeddingProperty().get());
        assertTrue(workspace.embeddings().get(1).pair(), "the new embedding has output rows of its own too");
    }

    private TestWorkspace workspaceOn(Path model) throws IOException {
        TestWorkspace opened = new TestWorkspace(() -> temp);
        open.add(opened);
        if (model != null) {
            opened.workspace.open(new ModelSource.Folder(model));
            assertTrue(opened.errors.isEmpty(), opened.errors.toString());
        }
        return opened;
    }

    /** Every embedding's input and output rows. */
    private static Map<String, float[]> rows(DecoderModel model) {
        Map<String, float[]> rows = new LinkedHashMap<>();
        for (String name : model.embeddingNames()) {
            rows.put(name + " input", model.readEmbedding(name, e -> e.weight().toFloatArray()));
            rows.put(name + " output", model.readEmbedding(name, e -> e.outputRows().orElseThrow().toFloatArray()));
        }
        return rows;
    }

    private static float[] logits(DecoderModel model) {
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            NDArray ids = manager.create(new long[] {1, 5, 9, 2, 7}, new Shape(1, 5));
            return model.logits(ids, manager.ones(new Shape(1, 5), ids.getDataType()), null).toFloatArray();
        }
    }
}
