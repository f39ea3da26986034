package org.embeddingstudio.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of a repository's files a model or a tokenizer needs, in the order transformers looks for them: safetensors
 * before {@code pytorch_model.bin}, a single file before shards. Everything else (other frameworks' weights, ONNX
 * exports, READMEs) stays on the Hub.
 */
final class HubFileSelection {
    static final String CONFIG = "config.json";
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "added_tokens.json");
    private static final List<String> TOKENIZER_VOCABULARIES = List.of("tokenizer.json", "vocab.txt", "vocab.json");
    private static final List<String> WEIGHTS = List.of("model.safetensors", "model.safetensors.index.json",
            "pytorch_model.bin", "pytorch_model.bin.index.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubFileSelection() {
    }

    /**
     * The files to fetch from {@code available} (the repository's file names). A weights index comes last, so that
     * its shards can be added once it is read ({@link #shards}).
     */
    static List<String> select(HubRepoId repo, HubContent content, Set<String> available) throws HubNotFoundException {
        List<String> chosen = new ArrayList<>();
        if (content == HubContent.MODEL && !available.contains(CONFIG)) {
            throw new HubNotFoundException(repo + ": the repository has no config.json, so it is not a model "
                    + "(a tokenizer alone can be used where a tokenizer is asked for)");
        }
        if (available.contains(CONFIG)) {
            chosen.add(CONFIG);
        }
        TOKENIZER_FILES.stream().filter(available::contains).forEach(chosen::add);
        if (content == HubContent.TOKENIZER && TOKENIZER_VOCABULARIES.stream().noneMatch(available::contains)) {
            throw new HubNotFoundException(repo + ": the repository has no tokenizer (tokenizer.json, vocab.txt or "
                    + "vocab.json)");
        }
        if (content == HubContent.MODEL) {
            Optional<String> weights = WEIGHTS.stream().filter(available::contains).findFirst();
            if (weights.isEmpty()) {
                throw new HubNotFoundException(repo + ": the repository has no PyTorch weights (model.safetensors, "
                        + "pytorch_model.bin or their sharded index)");
            }
            chosen.add(weights.get());
        }
        return chosen;
    }

    /** The weights index among the chosen files, if the weights are sharded. */
    static Optional<String> index(List<String> chosen) {
        return chosen.stream().filter(f -> f.endsWith(".index.json")).findFirst();
    }

    /** The shard files an index's {@code weight_map} names, sorted. */
    static List<String> shards(Path index) throws IOException {
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new FileFormatException(index, "not valid JSON", e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new FileFormatException(index, "has no 'weight_map' object naming the shard of each parameter");
        }
        TreeSet<String> shards = new TreeSet<>();
        for (Iterator<JsonNode> it = weightMap.elements(); it.hasNext(); ) {
            String shard = it.next().asText();
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
                throw new FileFormatException(index, "shard name '" + shard + "' points outside the model folder");
            }
            shards.add(shard);
        }
        return List.copyOf(shards);
    }
}
