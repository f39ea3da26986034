package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.HostTensor;

/**
 * An operator attribute ({@code AttributeProto}), with the kinds of value that BERT graphs use: an integer, a
 * float, a list of integers or a tensor (the value of a {@code Constant}). Kinds that are absent are 0, empty or
 * {@code null}; strings and subgraphs are not read.
 */
public record OnnxAttribute(String name, long intValue, float floatValue, long[] ints, HostTensor tensor) {
    public OnnxAttribute {
        ints = ints.clone();
    }

    @Override
    public long[] ints() {
        return ints.clone();
    }
}
