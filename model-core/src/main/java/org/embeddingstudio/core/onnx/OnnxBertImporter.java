package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.TensorDType;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a BERT graph exported to ONNX by transformers ({@code torch.onnx.export} of {@code BertModel}) back into
 * Hugging Face parameters and a config.
 *
 * <p>The exporter keeps Hugging Face names for embeddings, LayerNorms and biases, but stores each linear weight
 * transposed, (in, out), under a generated name such as {@code onnx::MatMul_787}. Each is found through the graph:
 * the linear's bias {@code X.bias} is added to the output of a {@code MatMul}, whose weight input is {@code X.weight}
 * transposed. The config is read from shapes, names and the graph's constants (see {@link BertGraphFacts}).
 */
public final class OnnxBertImporter {
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
    private static final Pattern LINEAR_BIAS = Pattern.compile("^(.*\\.(query|key|value|dense))\\.bias$");
    private static final String WORDS = "embeddings.word_embeddings.weight";

    private OnnxBertImporter() {
    }

    /**
     * The parameters and config of the BERT in {@code graph}.
     *
     * @param source named in error messages
     * @throws FileFormatException when the graph is not a BERT exported by transformers
     */
    public static ImportedBert importBert(Path source, OnnxGraph graph) throws FileFormatException {
        try {
            Map<String, HostTensor> parameters = parameters(graph);
            return new ImportedBert(config(graph, parameters), parameters);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FileFormatException(source, "is not a BERT exported by transformers: " + e.getMessage(), e);
        }
    }

    static Map<String, HostTensor> parameters(OnnxGraph graph) {
        Map<String, HostTensor> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> entry : graph.initializers().entrySet()) {
            String name = entry.getKey();
            boolean hfName = name.startsWith("embeddings.") || name.startsWith("encoder.")
                    || name.startsWith("pooler.");
            // Integer buffers such as embeddings.position_ids are not parameters.
            if (hfName && entry.getValue().dtype() == TensorDType.F32) {
                parameters.put(name, entry.getValue());
            }
        }
        for (String name : Map.copyOf(parameters).keySet()) {
            Matcher linear = LINEAR_BIAS.matcher(name);
            if (linear.matches() && !parameters.containsKey(linear.group(1) + ".weight")) {
                parameters.put(linear.group(1) + ".weight", transposed(linearWeightOf(graph, name)));
            }
        }
        return parameters;
    }

    /** The (in, out) weight that the MatMul feeding the Add of {@code biasName} multiplies with. */
    private static HostTensor linearWeightOf(OnnxGraph graph, String biasName) {
        for (OnnxNode add : graph.consumersOf(biasName)) {
            if (!add.opType().equals("Add")) {
                continue;
            }
            for (String operand : add.inputs()) {
                Optional<OnnxNode> matMul = graph.producerOf(operand).filter(node -> node.opType().equals("MatMul"));
                if (matMul.isPresent() && matMul.get().inputs().size() == 2) {
                    HostTensor weight = graph.initializers().get(matMul.get().inputs().get(1));
                    if (weight != null) {
                        return weight;
                    }
                }
            }
        }
        throw new IllegalArgumentException("no MatMul with a constant weight feeds the Add of " + biasName);
    }

    /** (in, out) float32 as (out, in), the layout of {@code torch.nn.Linear.weight}. */
    static HostTensor transposed(HostTensor weight) {
        long[] shape = weight.shape();
        if (shape.length != 2 || weight.dtype() != TensorDType.F32) {
            throw new IllegalArgumentException("a linear weight must be a float32 matrix, not " + weight);
        }
        int rows = Math.toIntExact(shape[0]);
        int columns = Math.toIntExact(shape[1]);
        float[] in = weight.toFloatArray();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = in[r * columns + c];
            }
        }
        return HostTensor.ofFloats(out, columns, rows);
    }

    static BertConfig config(OnnxGraph graph, Map<String, HostTensor> parameters) {
        long[] words = require(parameters, WORDS, 2);
        int hidden = Math.toIntExact(words[1]);
        int layers = layerCount(parameters);
        int intermediate = Math.toIntExact(require(parameters, "encoder.layer.0.intermediate.dense.bias", 1)[0]);
        int positions = Math.toIntExact(require(parameters, "embeddings.position_embeddings.weight", 2)[0]);
        int types = Math.toIntExact(require(parameters, "embeddings.token_type_embeddings.weight", 2)[0]);
        BertGraphFacts facts = new BertGraphFacts(graph);
        int heads = facts.attentionHeads(hidden);
        float eps = facts.layerNormEps("embeddings.LayerNorm.weight");
        return new BertConfig(Architecture.BERT, Math.toIntExact(words[0]), hidden, layers, heads, intermediate,
                "gelu", 0.1f, 0.1f, positions, types, eps, 0, 0.02f, null);
    }

    private static int layerCount(Map<String, HostTensor> parameters) {
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : parameters.keySet()) {
            Matcher matcher = LAYER.matcher(name);
            if (matcher.find()) {
                layers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        if (layers.isEmpty() || layers.first() != 0 || layers.last() != layers.size() - 1) {
            throw new IllegalArgumentException("encoder layers must be numbered 0 to n-1, found " + layers);
        }
        return layers.size();
    }

    private static long[] require(Map<String, HostTensor> parameters, String name, int dimensions) {
        HostTensor tensor = parameters.get(name);
        if (tensor == null || tensor.shape().length != dimensions) {
            throw new IllegalArgumentException("it needs a " + dimensions + "-dimensional float32 initializer " + name);
        }
        return tensor.shape();
    }
}
