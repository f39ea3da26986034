package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adapters in adapters' layout, and the whole adapted model as a Hugging Face folder. */
class ExportAndAdapterFilesTest {
    @TempDir
    Path temp;
    Tokenizer english;
    Tokenizer other;
    NDManager inputs;

    @BeforeEach
    void setUp() {
        english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        other = TestTokenizers.wordPiece(temp.resolve("other"),
                List.of("hund", "katze", "mat", "the", "haus", "sat", "rot", "##en", "klein", "gross"));
        inputs = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        inputs.close();
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"BERT", "ROBERTA"})
    void anExportedModelLoadsBackWithIdenticalOutputsAndTheNewVocabularySize(Architecture architecture)
            throws Exception {
        try (AdapterModel model = AdapterModel.random(BertConfig.of(architecture, 1, 32, 2, 4, 37, 64), english,
                Device.cpu(), 3)) {
            model.addEmbeddings("other", other, "default", english);
            Path folder = temp.resolve("export-" + architecture);
            model.exportHuggingFace(folder);
            var config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
            assertEquals(other.vocabulary().size(), config.path("vocab_size").asInt());
            assertTrue(Files.isRegularFile(folder.resolve("tokenizer.json")));
            try (AdapterModel reloaded = ModelLoader.load(folder, Device.cpu())) {
                assertEquals(other.vocabulary().tokens(),
                        reloaded.activeTokenizer().orElseThrow().vocabulary().tokens());
                assertArrayEquals(logits(model, "the katze sat on the mat"),
                        logits(reloaded, "the katze sat on the mat"));
            }
        }
    }

    @Test
    void aSavedAdapterWithItsHeadLoadsBackUnderAdaptersNames() throws Exception {
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64), english,
                Device.cpu(), 3)) {
            model.addAdapter("lang", BottleneckConfig.seqBn());
            model.addClassificationHead("topic", List.of("sport", "politics", "art"));
            model.setActiveAdapter("lang");
            float[] before = logits(model, "the cat sat");
            Path folder = temp.resolve("adapter");
            model.saveAdapter(folder, "lang", true);
            Set<String> names = stateDictNames(folder.resolve("pytorch_adapter.bin"));
            assertTrue(names.contains("bert.encoder.layer.0.output.adapters.lang.adapter_down.0.weight"),
                    names.toString());
            assertTrue(names.contains("bert.encoder.layer.1.output.adapters.lang.adapter_up.bias"), names.toString());
            assertEquals(8, names.size(), "2 layers × (down, up) × (weight, bias)");
            assertTrue(stateDictNames(folder.resolve("pytorch_model_head.bin")).contains("heads.topic.4.weight"));
            var config = new ObjectMapper().readTree(folder.resolve("adapter_config.json").toFile());
            assertEquals(16, config.path("config").path("reduction_factor").asInt());
            assertEquals("relu", config.path("config").path("non_linearity").asText());

            model.deleteAdapter("lang");
            model.setActiveHead("masked_lm");
            model.deleteHead("topic");
            String loaded = model.loadAdapter(folder, null);
            assertEquals("lang", loaded);
            assertEquals(List.of("sport", "politics", "art"), model.headLabels("topic").orElseThrow());
            model.setActiveAdapter("lang");
            assertArrayEquals(before, logits(model, "the cat sat"));
        }
    }

    @Test
    void aSaveReplacesEverythingAnEarlierSaveOfTheFolderLeft() throws Exception {
        Path folder = temp.resolve("resaved");
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 3)) {
            model.addAdapter("lang", BottleneckConfig.seqBn());
            model.addClassificationHead("topic", List.of("sport", "art"));
            model.saveAdapter(folder, "lang", true);
            // What adapters' save_adapter(..., use_safetensors=True) would have left there: read before the .bin.
            Files.writeString(folder.resolve("adapter.safetensors"), "stale");
            model.saveAdapter(folder, "lang", false);
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(Set.of("adapter_config.json", "pytorch_adapter.bin"),
                    files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
        try (AdapterModel other = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 4)) {
            assertEquals("lang", other.loadAdapter(folder, null));
            assertTrue(other.headLabels("topic").isEmpty(), "no head from the earlier save");
        }
    }

    @Test
    void theMaskedLmHeadIsSavedAsAdaptersBertStyleHeadAndLoadsBack() throws Exception {
        Path folder = temp.resolve("mlm-adapter");
        float[] dense;
        float[] bias;
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 3)) {
            model.addAdapter("lang", BottleneckConfig.seqBn());
            model.read(p -> p.embedding(model.activeEmbeddings()).outputBias()).set(FloatBuffer.wrap(
                    new float[model.vocabSize()]).put(0, 0.5f).rewind());
            model.saveAdapter(folder, "lang", true);
            dense = model.maskedLmHead().parameters().get("transform.dense.weight").toFloatArray();
            bias = model.read(p -> p.embedding(model.activeEmbeddings()).outputBias().toFloatArray());
        }
        var config = new ObjectMapper().readTree(folder.resolve("head_config.json").toFile());
        assertEquals("masked_lm", config.path("config").path("head_type").asText());
        Set<String> names = stateDictNames(folder.resolve("pytorch_model_head.bin"));
        assertEquals(Set.of("heads.masked_lm.0.weight", "heads.masked_lm.0.bias", "heads.masked_lm.2.weight",
                "heads.masked_lm.2.bias", "heads.masked_lm.3.weight", "heads.masked_lm.3.bias"), names);
        try (AdapterModel other = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 4)) {
            other.loadAdapter(folder, null);
            assertArrayEquals(dense, other.maskedLmHead().parameters().get("transform.dense.weight").toFloatArray());
            assertArrayEquals(bias, other.read(p -> p.embedding(other.activeEmbeddings()).outputBias().toFloatArray()));
            assertTrue(!other.maskedLmHeadIsFresh());
        }
    }

    @Test
    void anAdapterForAnotherHiddenSizeIsRefusedNamingTheFile() throws Exception {
        Path folder = temp.resolve("wide");
        try (AdapterModel wide = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 64, 1, 4, 37, 64), english,
                Device.cpu(), 3)) {
            wide.addAdapter("lang", BottleneckConfig.seqBn());
            wide.saveAdapter(folder, "lang", false);
        }
        try (AdapterModel narrow = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 3)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> narrow.loadAdapter(folder, null));
            assertTrue(e.getMessage().contains("adapter_config.json") && e.getMessage().contains("hidden size 64"),
                    e.getMessage());
            assertTrue(narrow.adapterNames().isEmpty());
        }
    }

    @Test
    void anAdapterForAnotherArchitectureIsRefusedNamingTheFile() throws Exception {
        Path folder = temp.resolve("roberta-adapter");
        try (AdapterModel roberta = AdapterModel.random(BertConfig.of(Architecture.ROBERTA, 1, 32, 1, 4, 37, 64),
                english, Device.cpu(), 3)) {
            roberta.addAdapter("lang", BottleneckConfig.seqBn());
            roberta.saveAdapter(folder, "lang", false);
        }
        try (AdapterModel bert = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 3)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> bert.loadAdapter(folder, null));
            assertTrue(e.getMessage().contains("adapter_config.json") && e.getMessage().contains("roberta model"),
                    e.getMessage());
            assertTrue(bert.adapterNames().isEmpty());
        }
    }

    float[] logits(AdapterModel model, String text) {
        Encoding encoding = model.activeTokenizer().orElseThrow().encode(text);
        try (NDScope ignored = new NDScope()) {
            return model.maskedLmLogits(TokenBatch.of(inputs, new long[][]{encoding.ids()}, null, 0)).toFloatArray();
        }
    }

    /** The parameter names of a {@code torch.save}d state dict, as adapters' loaders read it. */
    static Set<String> stateDictNames(Path file) throws Exception {
        return ((TorchContent.StateDict) TorchFile.read(file)).tensors().keySet();
    }
}
