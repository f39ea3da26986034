package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.adapter.AdapterPlacement;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.FolderSave;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.MaskedLmHead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prediction heads beside an adapter, in {@code adapters}' layout: {@code head_config.json} and
 * {@code pytorch_model_head.bin} (read also as {@code model_head.safetensors}). Classification heads as
 * {@code add_classification_head} builds them ({@code heads.NAME.1.*}, {@code heads.NAME.4.*}); the masked-LM head
 * as {@code BertStyleMaskedLMHead} ({@code heads.NAME.0.*} dense, {@code .2.*} LayerNorm, {@code .3.weight} the
 * tied decoder — the active embedding — and {@code .3.bias} its output bias).
 */
final class HeadFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A head to save, or one read back. */
    sealed interface Head {
        String name();
    }

    record Classification(ClassificationHead head) implements Head {
        @Override
        public String name() {
            return head.name();
        }
    }

    /**
     * @param transform the head's own parameters, named as {@link MaskedLmHead#shapes}
     * @param decoder   the tied decoder weight (V, H): the active embedding when saving; not used when loading
     * @param bias      the output bias over the vocabulary, (V)
     */
    record MaskedLm(String name, Map<String, NDArray> transform, NDArray decoder, NDArray bias) implements Head {
    }

    private HeadFiles() {
    }

    static void save(FolderSave save, Head head, BertConfig model, String source) throws IOException {
        ObjectNode json = AdapterFiles.envelope(head.name(), AdapterPlacement.of(model), source);
        ObjectNode inner = json.putObject("config");
        Map<String, NDArray> weights = new LinkedHashMap<>();
        String prefix = "heads." + head.name() + ".";
        switch (head) {
            case Classification classification -> {
                ClassificationHead h = classification.head();
                inner.put("head_type", "classification");
                inner.put("num_labels", h.labels().size());
                inner.put("layers", 2);
                inner.put("activation_function", "tanh");
                ObjectNode labels = inner.putObject("label2id");
                for (int i = 0; i < h.labels().size(); i++) {
                    labels.put(h.labels().get(i), i);
                }
                inner.put("use_pooler", false);
                inner.put("bias", true);
                inner.putNull("dropout_prob");
                weights.putAll(h.parameters());
            }
            case MaskedLm mlm -> {
                inner.put("head_type", "masked_lm");
                inner.put("vocab_size", mlm.bias().getShape().get(0));
                inner.put("embedding_size", model.hiddenSize());
                inner.put("layers", 2);
                inner.put("activation_function", "gelu");
                inner.put("layer_norm", true);
                inner.put("bias", true);
                inner.put("shift_labels", false);
                inner.putNull("label2id");
                weights.put(prefix + "0.weight", mlm.transform().get("transform.dense.weight"));
                weights.put(prefix + "0.bias", mlm.transform().get("transform.dense.bias"));
                weights.put(prefix + "2.weight", mlm.transform().get("transform.LayerNorm.weight"));
                weights.put(prefix + "2.bias", mlm.transform().get("transform.LayerNorm.bias"));
                weights.put(prefix + "3.weight", mlm.decoder());
                weights.put(prefix + "3.bias", mlm.bias());
            }
        }
        AdapterFiles.writeWeights(save, AdapterFiles.HEAD_WEIGHTS_BIN, AdapterFiles.HEAD_WEIGHTS,
                AdapterFiles.host(weights, ""));
        AtomicFiles.writeString(save.stage(AdapterFiles.HEAD_CONFIG),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    static Optional<Head> load(Path folder, BertConfig model, NDManager manager) throws IOException {
        Path configFile = folder.resolve(AdapterFiles.HEAD_CONFIG);
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        JsonNode json = AdapterFiles.readJson(configFile);
        AdapterFiles.checkFits(configFile, json, AdapterPlacement.of(model));
        JsonNode inner = json.path("config");
        String name = json.path("name").asText("head");
        Map<String, HostTensor> tensors = AdapterFiles.weights(folder, AdapterFiles.HEAD_WEIGHTS,
                AdapterFiles.HEAD_WEIGHTS_BIN);
        Path weightsFile = folder.resolve(AdapterFiles.HEAD_WEIGHTS);
        try {
            return Optional.of(switch (inner.path("head_type").asText()) {
                case "classification" -> new Classification(ClassificationHead.of(name, labels(inner),
                        model.hiddenSize(), model.hiddenDropoutProb(), manager, arrays(tensors, manager)));
                case "masked_lm" -> maskedLm(name, tensors, manager, weightsFile);
                default -> throw new FileFormatException(configFile, "head type '" + inner.path("head_type").asText()
                        + "' is not supported (classification and masked_lm)");
            });
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(weightsFile, e.getMessage(), e);
        }
    }

    private static MaskedLm maskedLm(String name, Map<String, HostTensor> tensors, NDManager manager, Path file)
            throws FileFormatException {
        String prefix = "heads." + name + ".";
        Map<String, String> ours = Map.of("0.weight", "transform.dense.weight", "0.bias", "transform.dense.bias",
                "2.weight", "transform.LayerNorm.weight", "2.bias", "transform.LayerNorm.bias");
        Map<String, NDArray> transform = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : ours.entrySet()) {
            HostTensor tensor = tensors.get(prefix + entry.getKey());
            if (tensor == null) {
                throw new FileFormatException(file, "lacks " + prefix + entry.getKey());
            }
            transform.put(entry.getValue(), HostTensors.toNDArray(manager, tensor));
        }
        HostTensor bias = tensors.get(prefix + "3.bias");
        return new MaskedLm(name, transform, null, bias == null ? null : HostTensors.toNDArray(manager, bias));
    }

    private static List<String> labels(JsonNode inner) {
        List<String> labels = new ArrayList<>();
        int count = inner.path("num_labels").asInt(0);
        for (int i = 0; i < count; i++) {
            labels.add(String.valueOf(i));
        }
        inner.path("label2id").fields().forEachRemaining(e -> {
            int index = e.getValue().asInt(-1);
            if (index >= 0 && index < labels.size()) {
                labels.set(index, e.getKey());
            }
        });
        return labels;
    }

    private static Map<String, NDArray> arrays(Map<String, HostTensor> tensors, NDManager manager) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        tensors.forEach((key, tensor) -> arrays.put(key, HostTensors.toNDArray(manager, tensor)));
        return arrays;
    }
}
