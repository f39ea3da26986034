package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the main graph of an {@code .onnx} file (a protobuf {@code ModelProto}) without a protobuf library: only
 * the fields that importing weights needs (see {@code onnx/onnx.proto}); everything else is skipped. Malformed
 * bytes are reported as a {@link FileFormatException} naming the source.
 */
public final class OnnxModelReader {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_FLOAT = 2;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TENSOR = 5;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int VALUE_INFO_NAME = 1;

    private OnnxModelReader() {
    }

    /** Reads the file at {@code file}. */
    public static OnnxGraph read(Path file) throws IOException {
        return read(file, ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    /**
     * Reads {@code bytes} (position 0 to limit) as an ONNX model.
     *
     * @param source named in error messages: the file, or a resource's name
     */
    public static OnnxGraph read(Path source, ByteBuffer bytes) throws FileFormatException {
        try {
            OnnxGraph graph = null;
            ProtobufReader model = ProtobufReader.of(bytes);
            while (model.next()) {
                if (model.field() == MODEL_GRAPH) {
                    graph = readGraph(model.readMessage("graph"));
                } else {
                    model.skip();
                }
            }
            if (graph == null) {
                throw new ProtobufException("it has no graph");
            }
            return graph;
        } catch (ProtobufException e) {
            throw new FileFormatException(source, "is not a readable ONNX model: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // From HostTensor's own checks; the tensor reader checks first, so this is a safety net.
            throw new FileFormatException(source, "is not a readable ONNX model: " + e.getMessage(), e);
        }
    }

    private static OnnxGraph readGraph(ProtobufReader graph) {
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, HostTensor> initializers = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (graph.next()) {
            switch (graph.field()) {
                case GRAPH_NODE -> nodes.add(readNode(graph.readMessage("node")));
                case GRAPH_NAME -> name = graph.readString("graph name");
                case GRAPH_INITIALIZER -> {
                    OnnxTensorReader.NamedTensor tensor = OnnxTensorReader.read(graph.readMessage("initializer"));
                    initializers.put(tensor.name(), tensor.tensor());
                }
                case GRAPH_INPUT -> inputs.add(readValueInfoName(graph.readMessage("graph input")));
                case GRAPH_OUTPUT -> outputs.add(readValueInfoName(graph.readMessage("graph output")));
                default -> graph.skip();
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode readNode(ProtobufReader node) {
        String name = "";
        String opType = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attributes = new HashMap<>();
        while (node.next()) {
            switch (node.field()) {
                case NODE_INPUT -> inputs.add(node.readString("node input"));
                case NODE_OUTPUT -> outputs.add(node.readString("node output"));
                case NODE_NAME -> name = node.readString("node name");
                case NODE_OP_TYPE -> opType = node.readString("node op_type");
                case NODE_ATTRIBUTE -> {
                    OnnxAttribute attribute = readAttribute(node.readMessage("node attribute"));
                    attributes.put(attribute.name(), attribute);
                }
                default -> node.skip();
            }
        }
        if (opType.isEmpty()) {
            throw new ProtobufException("node '" + name + "' has no op_type");
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private static OnnxAttribute readAttribute(ProtobufReader attribute) {
        String name = "";
        long intValue = 0;
        float floatValue = 0;
        OnnxTensorReader.LongList ints = new OnnxTensorReader.LongList();
        HostTensor tensor = null;
        while (attribute.next()) {
            switch (attribute.field()) {
                case ATTRIBUTE_NAME -> name = attribute.readString("attribute name");
                case ATTRIBUTE_FLOAT -> floatValue = attribute.readFloat("attribute f");
                case ATTRIBUTE_INT -> intValue = attribute.readVarintField("attribute i");
                case ATTRIBUTE_TENSOR -> tensor = OnnxTensorReader.read(attribute.readMessage("attribute t")).tensor();
                case ATTRIBUTE_INTS -> attribute.readInts("attribute ints", ints::add);
                default -> attribute.skip();
            }
        }
        return new OnnxAttribute(name, intValue, floatValue, ints.toArray(), tensor);
    }

    private static String readValueInfoName(ProtobufReader valueInfo) {
        String name = "";
        while (valueInfo.next()) {
            if (valueInfo.field() == VALUE_INFO_NAME) {
                name = valueInfo.readString("value name");
            } else {
                valueInfo.skip();
            }
        }
        return name;
    }
}
