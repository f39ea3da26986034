package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the model with its active embedding as a Hugging Face folder that a BERT/RoBERTa masked-LM loader reads:
 * {@code config.json} with the active vocabulary's {@code vocab_size}, {@code model.safetensors} with the active
 * embedding as {@code word_embeddings} and the masked-LM head (decoder tied, so not stored twice), and the active
 * embedding's tokenizer files. A bottleneck adapter cannot be folded into plain BERT weights, so the active adapter
 * is written beside it in {@code adapters}' layout under {@code adapters/NAME/}.
 */
final class HuggingFaceExporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HuggingFaceExporter() {
    }

    static void export(AdapterModel model, Path folder) throws IOException {
        Files.createDirectories(folder);
        BertConfig config = model.config();
        Architecture architecture = config.architecture();
        String prefix = architecture.parameterPrefix();
        TokenEmbedding active = model.activeEmbedding();
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put(prefix + "embeddings.word_embeddings.weight", HostTensors.toHost(active.weight()));
        model.weights().parameters().forEach((name, value) -> tensors.put(prefix + name, HostTensors.toHost(value)));
        boolean roberta = architecture.positionsFollowPadding();
        Map<String, NDArray> head = model.maskedLmHead().parameters();
        head.forEach((name, value) -> tensors.put(headName(name, roberta), HostTensors.toHost(value)));
        tensors.put(roberta ? "lm_head.bias" : "cls.predictions.bias", HostTensors.toHost(active.outputBias()));
        Safetensors.write(folder.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        ObjectNode json = config.toJson();
        json.putArray("architectures").add(roberta ? "RobertaForMaskedLM" : "BertForMaskedLM");
        json.put("tie_word_embeddings", true);
        AtomicFiles.writeString(folder.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(json));
        if (active.tokenizer().isPresent()) {
            active.tokenizer().get().saveTo(folder);
        }
        if (model.activeAdapter().isPresent()) {
            String adapter = model.activeAdapter().get();
            model.saveAdapter(folder.resolve("adapters").resolve(adapter), adapter, false);
        }
    }

    private static String headName(String name, boolean roberta) {
        if (!roberta) {
            return "cls.predictions." + name;
        }
        return "lm_head." + name.replace("transform.dense", "dense").replace("transform.LayerNorm", "layer_norm");
    }
}
