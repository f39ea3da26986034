package org.embeddingstudio.core.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks a tokenizer folder against transformers' {@code AutoTokenizer}. */
final class SameAsTransformers {
    private SameAsTransformers() {
    }

    /**
     * The folder loads here with transformers' vocabulary ({@code get_vocab()}) and encodes each sentence to its
     * ids — the folder as given and as we save it again.
     */
    static void assertTokenizer(Path folder, List<String> sentences, Path temp) throws Exception {
        Path sentenceFile = Files.write(temp.resolve(folder.getFileName() + "-sentences.txt"), sentences);
        try (Tokenizer tokenizer = TokenizerLoader.load(folder)) {
            Path saved = temp.resolve(folder.getFileName() + "-saved");
            tokenizer.saveTo(saved);
            for (Path theirs : List.of(folder, saved)) {
                String output = RealLibraries.run("vocab-ids", theirs, sentenceFile).strip();
                JsonNode result = new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
                Map<String, Integer> vocab = new HashMap<>();
                result.get("vocab").properties().forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
                assertEquals(vocab, tokenizer.vocabulary().asMap(), theirs + ": get_vocab()");
                for (int i = 0; i < sentences.size(); i++) {
                    long[] ids = new long[result.get("ids").get(i).size()];
                    for (int j = 0; j < ids.length; j++) {
                        ids[j] = result.get("ids").get(i).get(j).asLong();
                    }
                    assertArrayEquals(ids, tokenizer.encode(sentences.get(i)).ids(),
                            theirs + ": ids of '" + sentences.get(i) + "'");
                }
            }
        }
    }
}
