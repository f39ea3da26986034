package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.transformer.BertConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT recovered from an ONNX graph: its config and its parameters under Hugging Face names, (out, in) for
 * linear weights, exactly as a {@code model.safetensors} of the same model would hold them.
 */
public record ImportedBert(BertConfig config, Map<String, HostTensor> parameters) {
    public ImportedBert {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
