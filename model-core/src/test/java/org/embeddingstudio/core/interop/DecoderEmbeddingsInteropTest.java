package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.RowMapping;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Named embeddings on a decoder whose head is untied (a Llama with 7 rows past its tokenizer), as pairs:
 * adapters' own {@code add_embeddings} + {@code save_embeddings} on that model load here (output rows made, and
 * said so) and give its hidden states; our {@code addEmbeddings} copies the same input rows adapters copies and the
 * matching output rows from the head; switching, saving and loading keep both sides bit-exact; adapters loads what
 * we save and computes the same hidden states.
 */
@Tag("python-interop")
class DecoderEmbeddingsInteropTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path shared;
    static Path model;
    static Path newTokenizer;
    static Path madeByAdapters;

    @BeforeAll
    static void makeModelAndEmbeddingWithTheRealLibraries() throws Exception {
        RealLibraries.decoders("chat-model", shared.resolve("chat"));
        model = shared.resolve("chat/model");
        newTokenizer = shared.resolve("llama2-tokenizer");
        RealLibraries.decoders("tokenizer", "llama2", newTokenizer);
        madeByAdapters = shared.resolve("adapters");
        RealLibraries.decoders("adapters-embeddings", model, newTokenizer, madeByAdapters);
    }

    @Test
    void whatAdaptersAddsToALlamaLoadsHereAndComputesTheSameHiddenStates() throws Exception {
        Map<String, HostTensor> expected = Safetensors.read(madeByAdapters.resolve("expected.safetensors")).tensors();
        try (DecoderModel decoder = DecoderModel.load(model, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            List<String> warnings = new ArrayList<>();
            decoder.addEmbeddingListener(event -> {
                if (event instanceof EmbeddingEvent.Warned warned) {
                    warnings.add(warned.message());
                }
            });
            Tokenizer tokenizer = decoder.loadEmbeddings(madeByAdapters.resolve("embedding"), "new").orElseThrow();
            assertEquals(512, tokenizer.vocabulary().size());
            assertEquals(512, decoder.config().vocabSize(), "the active vocabulary is the loaded one");
            assertTrue(warnings.stream().anyMatch(w -> w.contains("holds no output rows")
                    && w.contains("copied from \"default\"'s head")), warnings.toString());
            NDArray ids = HostTensors.toNDArray(manager, expected.get("input_ids"));
            NDArray hidden = decoder.hiddenStates(ids, ids.onesLike(), null);
            assertClose("hidden states under adapters' embedding",
                    HostTensors.toNDArray(manager, expected.get("last_hidden_state")), hidden);
            assertEquals(512, decoder.logits(ids, ids.onesLike(), null).getShape().get(2),
                    "logits over the new vocabulary: the head switched too");
        }
    }

    @Test
    void addedPairsCopyBothSidesOfSharedTokensAndSwitchSaveAndLoadBitExact() throws Exception {
        try (DecoderModel decoder = DecoderModel.load(model, Device.cpu());
             Tokenizer reference = TokenizerLoader.load(model);
             Tokenizer target = TokenizerLoader.load(newTokenizer);
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            assertEquals(7, decoder.embedding("default").rowOriginCounts().get(RowOrigin.PADDING),
                    "the 7 rows past the tokenizer stand for no token");
            NDArray ids = manager.create(new long[] {5, 17, 42, 99, 300, 420}).reshape(1, 6);
            float[] before = decoder.logits(ids, ids.onesLike(), null).toFloatArray();
            NDArray defaultInput = decoder.inputRows().duplicate();
            NDArray defaultOutput = decoder.outputRows().duplicate();

            decoder.addEmbeddings("de", target, "default", reference, EmbeddingOptions.defaults().withSeed(1));
            assertEquals("de", decoder.activeEmbeddings());
            RowMapping both = RowMapping.exactMatch(target.vocabulary(), reference.vocabulary());
            assertTrue(both.size() > 100, "the two vocabularies share " + both.size() + " tokens");
            for (int i = 0; i < both.size(); i++) {
                int row = both.targetRows()[i];
                int from = both.referenceRows()[i];
                assertArrayEquals(defaultInput.get(from).toFloatArray(), decoder.inputRows().get(row).toFloatArray());
                assertArrayEquals(defaultOutput.get(from).toFloatArray(),
                        decoder.outputRows().get(row).toFloatArray(), "output row of " + target.vocabulary()
                                .token(row));
            }
            // The same rows adapters copies into its input embedding.
            TorchContent theirs = TorchFile.read(madeByAdapters.resolve("embedding/embedding.pt"));
            NDArray adaptersRows = HostTensors.toNDArray(manager, ((TorchContent.SingleTensor) theirs).tensor());
            for (int i = 0; i < both.size(); i++) {
                int row = both.targetRows()[i];
                assertArrayEquals(adaptersRows.get(row).toFloatArray(), decoder.inputRows().get(row).toFloatArray());
            }
            NDArray newIds = manager.create(new long[] {3, 200, 480, 511}).reshape(1, 4);
            float[] underNew = decoder.logits(newIds, newIds.onesLike(), null).toFloatArray();
            assertEquals(4 * 512, underNew.length);

            decoder.setActiveEmbeddings("default");
            assertArrayEquals(before, decoder.logits(ids, ids.onesLike(), null).toFloatArray(),
                    "back on default: the original logits, bit for bit");

            Path saved = shared.resolve("saved-de");
            decoder.saveEmbeddings(saved, "de", target);
            assertTrue(Files.isRegularFile(saved.resolve(EmbeddingFiles.PT_FILE)));
            assertTrue(Files.isRegularFile(saved.resolve(EmbeddingFiles.OUTPUT_ROWS_FILE)));
            decoder.loadEmbeddings(saved, "de-again");
            assertArrayEquals(underNew, decoder.logits(newIds, newIds.onesLike(), null).toFloatArray(),
                    "saved and loaded: both sides bit for bit");

            Path hidden = shared.resolve("adapters-reads-ours.safetensors");
            Path idsFile = shared.resolve("ids.safetensors");
            Safetensors.write(idsFile, Map.of("input_ids", HostTensors.toHost(newIds)), Map.of());
            RealLibraries.decoders("adapters-hidden-states", model, saved, idsFile, hidden);
            assertClose("adapters' hidden states under our saved embedding",
                    HostTensors.toNDArray(manager, Safetensors.read(hidden).tensors().get("last_hidden_state")),
                    decoder.hiddenStates(newIds, newIds.onesLike(), null));
        }
    }

    private static void assertClose(String what, NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float maxDiff = expected.sub(actual).abs().max().getFloat();
        assertTrue(maxDiff < TOLERANCE, what + ": max abs difference " + maxDiff + " exceeds " + TOLERANCE);
    }
}
