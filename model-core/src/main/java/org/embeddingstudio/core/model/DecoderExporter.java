package org.embeddingstudio.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderLayout;
import org.embeddingstudio.core.decoder.DecoderWeights;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes a decoder with its active embedding pair as a Hugging Face folder that {@code AutoModelForCausalLM} and
 * {@link DecoderModel#load} read: {@code config.json} as loaded but with the active vocabulary's {@code vocab_size},
 * its tokenizer's BOS/EOS/PAD ids and float32 weights; {@code model.safetensors} with the blocks under their
 * checkpoint names, the input rows as the input embeddings and, when the head is untied, the output rows as
 * {@code lm_head.weight}; the tokenizer files with the chat template. An active adapter cannot be folded into the
 * blocks, so it is written beside them in {@code adapters}' layout under {@code adapters/NAME/}.
 */
final class DecoderExporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecoderExporter() {
    }

    static void export(DecoderWeights blocks, TokenEmbedding active, boolean tied, Path folder) throws IOException {
        Files.createDirectories(folder);
        DecoderConfig config = blocks.config();
        String prefix = config.family().parameterPrefix();
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put(prefix + DecoderLayout.inputEmbeddings(config), HostTensors.toHost(active.weight()));
        blocks.parameters().forEach((name, value) -> tensors.put(prefix + name, HostTensors.toHost(value)));
        if (!tied) {
            tensors.put(DecoderLayout.LM_HEAD, HostTensors.toHost(active.outputRows().orElseThrow()));
        }
        Safetensors.write(folder.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(configJson(config, active.rows(), active.tokenizer())));
        if (active.tokenizer().isPresent()) {
            active.tokenizer().get().saveTo(folder);
        }
    }

    /**
     * The loaded config with what the active embedding changes. Special-token ids follow the new tokenizer: an id
     * of the old vocabulary would name some other token of the new one, so a role the tokenizer lacks is null.
     */
    static ObjectNode configJson(DecoderConfig config, int rows, Optional<Tokenizer> tokenizer) {
        ObjectNode json = config.raw().deepCopy();
        json.put("vocab_size", rows);
        if (tokenizer.isPresent()) {
            putId(json, "bos_token_id", tokenizer.get().vocabulary().specialTokenId(SpecialTokenRole.BOS));
            putId(json, "eos_token_id", tokenizer.get().vocabulary().specialTokenId(SpecialTokenRole.EOS));
            putId(json, "pad_token_id", tokenizer.get().vocabulary().specialTokenId(SpecialTokenRole.PAD));
        }
        // The weights are written as the model holds them, in float32, whatever the loaded files were.
        for (String key : new String[] {"torch_dtype", "dtype"}) {
            if (json.has(key)) {
                json.put(key, "float32");
            }
        }
        return json;
    }

    private static void putId(ObjectNode json, String key, OptionalInt id) {
        if (id.isPresent()) {
            json.put(key, id.getAsInt());
        } else {
            json.putNull(key);
        }
    }
}
