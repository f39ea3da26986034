package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo model, imported from the ONNX export into our encoder, computes what ONNX Runtime computes when it runs
 * that same export: the reference is the original graph, run by the runtime the export was made for.
 */
class DemoModelAgainstOnnxRuntimeTest {
    static final double TOLERANCE = 1e-4;
    static final List<String> SENTENCES = List.of(
            "Hello world!",
            "The quick brown fox jumps over the lazy dog.",
            "Embeddings map tokens to vectors; adapters fine-tune a frozen transformer with few parameters.",
            "Short.");

    static AdapterModel model;
    static long loadMillis;

    @BeforeAll
    static void loadDemoModel() throws Exception {
        long start = System.nanoTime();
        model = DemoModel.load(Device.cpu());
        loadMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("DemoModel.load took " + loadMillis + " ms");
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void configIsDerivedFromTheGraph() {
        BertConfig config = model.config();
        assertEquals(30522, config.vocabSize());
        assertEquals(384, config.hiddenSize());
        assertEquals(6, config.numHiddenLayers());
        assertEquals(12, config.numAttentionHeads());
        assertEquals(1536, config.intermediateSize());
        assertEquals(512, config.maxPositionEmbeddings());
        assertEquals(2, config.typeVocabSize());
        assertEquals(1e-12f, config.layerNormEps());
        assertTrue(model.maskedLmHeadIsFresh(), "an ONNX export of BertModel has no masked-LM head");
        assertTrue(loadMillis < 15_000, "loading took " + loadMillis + " ms");
    }

    @Test
    void defaultEmbeddingUsesTheBertUncasedTokenizer() {
        Tokenizer tokenizer = model.activeTokenizer().orElseThrow();
        assertArrayEquals(new long[] {101, 7592, 2088, 999, 102}, tokenizer.encode("Hello WORLD!").ids());
    }

    @Test
    void lastHiddenStatesMatchOnnxRuntimeAtEveryUnpaddedPosition() throws Exception {
        Tokenizer tokenizer = model.activeTokenizer().orElseThrow();
        List<Encoding> encodings = tokenizer.encodeBatch(SENTENCES);
        long[][] ids = encodings.stream().map(Encoding::ids).toArray(long[][]::new);
        long[][] types = encodings.stream().map(Encoding::typeIds).toArray(long[][]::new);
        try (NDManager manager = NDManager.newBaseManager(); NDScope ignored = new NDScope()) {
            TokenBatch batch = TokenBatch.of(manager, ids, types, tokenizer.padTokenId().orElse(0));
            float[][][] expected = runOnnxRuntime(batch);
            NDArray hidden = model.hiddenStates(batch); // (B, T, H)
            float[] actual = hidden.toFloatArray();
            int length = Math.toIntExact(batch.length());
            int size = Math.toIntExact(hidden.getShape().get(2));
            double maxDiff = 0;
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < ids[b].length; t++) {
                    for (int h = 0; h < size; h++) {
                        float ours = actual[(b * length + t) * size + h];
                        maxDiff = Math.max(maxDiff, Math.abs(ours - expected[b][t][h]));
                    }
                }
            }
            System.out.println("max abs difference to ONNX Runtime: " + maxDiff);
            assertTrue(maxDiff < TOLERANCE, "max abs difference " + maxDiff + " exceeds " + TOLERANCE);
        }
    }

    @Test
    void meanPooledSentenceVectorsMatchOnnxRuntimesAndTheirCosinesRankAParaphraseFirst() throws Exception {
        Tokenizer tokenizer = model.activeTokenizer().orElseThrow();
        List<Encoding> encodings = tokenizer.encodeBatch(SENTENCES);
        float[][] expected;
        try (NDManager manager = NDManager.newBaseManager(); NDScope ignored = new NDScope()) {
            TokenBatch batch = TokenBatch.of(manager, encodings.stream().map(Encoding::ids).toArray(long[][]::new),
                    encodings.stream().map(Encoding::typeIds).toArray(long[][]::new), tokenizer.padTokenId()
                            .orElse(0));
            float[][][] hidden = runOnnxRuntime(batch);
            // sentence-transformers' Pooling(mean): the mean over the tokens the attention mask keeps.
            expected = new float[SENTENCES.size()][];
            for (int b = 0; b < SENTENCES.size(); b++) {
                int tokens = encodings.get(b).ids().length;
                expected[b] = new float[hidden[b][0].length];
                for (int t = 0; t < tokens; t++) {
                    for (int h = 0; h < expected[b].length; h++) {
                        expected[b][h] += hidden[b][t][h] / tokens;
                    }
                }
            }
        }
        float[][] ours = SentenceSimilarity.meanPooled(model, "default", SENTENCES);
        double maxDiff = 0;
        for (int b = 0; b < SENTENCES.size(); b++) {
            for (int h = 0; h < ours[b].length; h++) {
                maxDiff = Math.max(maxDiff, Math.abs(ours[b][h] - expected[b][h]));
            }
            assertEquals(SentenceSimilarity.cosine(expected[b], expected[(b + 1) % SENTENCES.size()]),
                    SentenceSimilarity.cosine(ours[b], ours[(b + 1) % SENTENCES.size()]), 1e-4);
        }
        System.out.println("max abs difference of pooled vectors to ONNX Runtime: " + maxDiff);
        assertTrue(maxDiff < TOLERANCE, "max abs difference " + maxDiff + " exceeds " + TOLERANCE);
        double paraphrase = SentenceSimilarity.similarity(model, "default", "A man is playing a guitar.",
                "Someone plays the guitar.");
        double unrelated = SentenceSimilarity.similarity(model, "default", "A man is playing a guitar.",
                "The stock market fell sharply today.");
        assertTrue(paraphrase > unrelated + 0.2, paraphrase + " vs " + unrelated);
    }

    /** last_hidden_state of the original graph for the padded batch, from ONNX Runtime. */
    static float[][][] runOnnxRuntime(TokenBatch batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(DemoModel.resource(DemoModel.ONNX_RESOURCE));
             OnnxTensor ids = tensor(env, batch.inputIds());
             OnnxTensor mask = tensor(env, batch.attentionMask());
             OnnxTensor types = tensor(env, batch.tokenTypeIds());
             OrtSession.Result result = session.run(
                     Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            return (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
        }
    }

    static OnnxTensor tensor(OrtEnvironment env, NDArray array) throws Exception {
        int rows = Math.toIntExact(array.getShape().get(0));
        int columns = Math.toIntExact(array.getShape().get(1));
        long[] flat = array.toLongArray();
        long[][] values = new long[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, values[r], 0, columns);
        }
        return OnnxTensor.createTensor(env, values);
    }
}
