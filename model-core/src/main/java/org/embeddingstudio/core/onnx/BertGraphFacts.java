package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.HostTensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Config values that only the operators of an exported BERT know, not its parameter shapes: the number of
 * attention heads (in the shape that splits the query into heads) and the LayerNorm epsilon (the constant added to
 * the variance). Each falls back to MiniLM's and BERT's value, with a warning, when the graph has another shape.
 */
final class BertGraphFacts {
    private static final Logger LOG = LoggerFactory.getLogger(BertGraphFacts.class);
    private static final float DEFAULT_EPS = 1e-12f;
    private static final int DEFAULT_HEADS = 12;
    private static final long UNKNOWN = -1;
    /** Shapes are built a few operators deep; a deeper (or cyclic, hence malformed) chain is not followed. */
    private static final int MAX_DEPTH = 8;

    private final OnnxGraph graph;

    BertGraphFacts(OnnxGraph graph) {
        this.graph = graph;
    }

    /**
     * The head count: the third value of the (B, T, heads, head size) shape that layer 0's query is reshaped to,
     * built by transformers from two dynamic sizes and two constants; or the {@code num_heads} attribute of a fused
     * attention operator.
     */
    int attentionHeads(int hiddenSize) {
        for (OnnxNode node : graph.nodes()) {
            OnnxAttribute numHeads = node.attributes().get("num_heads");
            if (numHeads != null && numHeads.intValue() > 0) {
                return Math.toIntExact(numHeads.intValue());
            }
        }
        for (OnnxNode add : graph.consumersOf("encoder.layer.0.attention.self.query.bias")) {
            for (String output : add.outputs()) {
                for (OnnxNode reshape : graph.consumersOf(output)) {
                    if (reshape.opType().equals("Reshape") && reshape.inputs().size() == 2) {
                        List<Long> shape = constantInts(reshape.inputs().get(1), 0);
                        if (shape.size() == 4 && shape.get(2) > 0 && shape.get(2) * shape.get(3) == hiddenSize) {
                            return Math.toIntExact(shape.get(2));
                        }
                    }
                }
            }
        }
        int heads = hiddenSize % DEFAULT_HEADS == 0 ? DEFAULT_HEADS : Math.max(1, hiddenSize / 64);
        LOG.warn("no head count found in the graph; assuming {} heads", heads);
        return heads;
    }

    /**
     * The epsilon of the LayerNorm whose scale is {@code weightName}: the {@code epsilon} attribute of a
     * LayerNormalization operator, or, when the exporter spelled it out as
     * {@code (x - mean) / Sqrt(var + eps) * weight}, the constant of that Add.
     */
    float layerNormEps(String weightName) {
        for (OnnxNode consumer : graph.consumersOf(weightName)) {
            if (consumer.opType().equals("LayerNormalization")) {
                OnnxAttribute epsilon = consumer.attributes().get("epsilon");
                // ONNX's own default when the attribute is absent.
                return epsilon == null ? 1e-5f : epsilon.floatValue();
            }
            if (consumer.opType().equals("Mul")) {
                Optional<Float> eps = otherInput(consumer, weightName)
                        .flatMap(this::producer).filter(div -> div.opType().equals("Div") && div.inputs().size() == 2)
                        .flatMap(div -> producer(div.inputs().get(1))).filter(sqrt -> sqrt.opType().equals("Sqrt"))
                        .flatMap(sqrt -> producer(sqrt.inputs().get(0))).filter(add -> add.opType().equals("Add"))
                        .flatMap(this::scalarOperand);
                if (eps.isPresent()) {
                    return eps.get();
                }
            }
        }
        LOG.warn("no LayerNorm epsilon found in the graph; assuming {}", DEFAULT_EPS);
        return DEFAULT_EPS;
    }

    private Optional<OnnxNode> producer(String value) {
        return graph.producerOf(value);
    }

    private static Optional<String> otherInput(OnnxNode node, String known) {
        return node.inputs().stream().filter(input -> !input.equals(known)).findFirst();
    }

    private Optional<Float> scalarOperand(OnnxNode node) {
        for (String input : node.inputs()) {
            Optional<HostTensor> constant = constant(input);
            if (constant.isPresent() && constant.get().numel() == 1) {
                return Optional.of(constant.get().toFloatArray()[0]);
            }
        }
        return Optional.empty();
    }

    /** The value's integers if it is constant, through Concat and Unsqueeze; unknown parts are {@link #UNKNOWN}. */
    private List<Long> constantInts(String value, int depth) {
        List<Long> values = new ArrayList<>();
        if (depth > MAX_DEPTH) {
            values.add(UNKNOWN);
            return values;
        }
        Optional<HostTensor> constant = constant(value);
        if (constant.isPresent()) {
            for (float v : constant.get().toFloatArray()) {
                values.add((long) v);
            }
            return values;
        }
        Optional<OnnxNode> node = producer(value);
        if (node.isPresent() && node.get().opType().equals("Concat")) {
            node.get().inputs().forEach(input -> values.addAll(constantInts(input, depth + 1)));
        } else if (node.isPresent() && node.get().opType().equals("Unsqueeze")) {
            List<Long> inner = constantInts(node.get().inputs().get(0), depth + 1);
            values.addAll(inner.isEmpty() ? List.of(UNKNOWN) : inner);
        } else {
            values.add(UNKNOWN);
        }
        return values;
    }

    private Optional<HostTensor> constant(String value) {
        HostTensor initializer = graph.initializers().get(value);
        if (initializer != null) {
            return Optional.of(initializer);
        }
        return producer(value).filter(node -> node.opType().equals("Constant"))
                .map(node -> node.attributes().get("value")).map(OnnxAttribute::tensor);
    }
}
