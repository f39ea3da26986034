package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.HostTensor;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main graph of an ONNX model ({@code GraphProto}): its operators in file order, its constant tensors
 * (initializers) by name, and the names of its real inputs and outputs. Only what importing weights needs.
 */
public final class OnnxGraph {
    private final String name;
    private final List<OnnxNode> nodes;
    private final Map<String, HostTensor> initializers;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, OnnxNode> producers = new HashMap<>();

    public OnnxGraph(String name, List<OnnxNode> nodes, Map<String, HostTensor> initializers, List<String> inputs,
                     List<String> outputs) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        // Older exporters also list every initializer as a graph input; those are not inputs a caller feeds.
        this.inputs = inputs.stream().filter(input -> !initializers.containsKey(input)).toList();
        this.outputs = List.copyOf(outputs);
        for (OnnxNode node : this.nodes) {
            node.outputs().forEach(output -> producers.put(output, node));
        }
    }

    public String name() {
        return name;
    }

    /** Operators in file order (ONNX requires topological order). */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** Constant tensors by name, in file order. */
    public Map<String, HostTensor> initializers() {
        return initializers;
    }

    /** Names of the inputs a caller must feed (initializers excluded). */
    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** The operator that writes the value {@code valueName}, if one does (initializers and inputs have none). */
    public Optional<OnnxNode> producerOf(String valueName) {
        return Optional.ofNullable(producers.get(valueName));
    }

    /** The operators that read the value {@code valueName}, in file order. */
    public List<OnnxNode> consumersOf(String valueName) {
        return nodes.stream().filter(node -> node.inputs().contains(valueName)).toList();
    }
}
