package org.embeddingstudio.core.onnx;

import java.util.List;
import java.util.Map;

/**
 * One operator of an ONNX graph ({@code NodeProto}): its type, the names of the values it reads and writes, and
 * its attributes by name.
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }
}
