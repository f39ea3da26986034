package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** {@code info} for a tokenizer: its kind, its size and its special tokens. */
final class TokenizerInfo {
    private static final String[] FILES = {"tokenizer.json", "vocab.txt", "vocab.json"};

    private TokenizerInfo() {
    }

    static boolean isTokenizerFolder(Path folder) {
        return Stream.of(FILES).anyMatch(name -> Files.isRegularFile(folder.resolve(name)));
    }

    static void print(Path path, PrintWriter stdout) throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(path)) {
            stdout.println(path + ": tokenizer");
            stdout.println("  source:         " + tokenizer.source());
            printSummary(tokenizer, stdout, "  ");
        }
    }

    /** Kind, size and special tokens, each line starting with {@code indent}. */
    static void printSummary(Tokenizer tokenizer, PrintWriter stdout, String indent) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        stdout.println(indent + "kind:           " + vocabulary.kind().jsonType());
        stdout.println(indent + "size:           " + vocabulary.size() + " tokens (" + vocabulary.modelSize()
                + " in the model, " + vocabulary.addedTokens().size() + " added)");
        int[] missing = vocabulary.missingIds();
        if (missing.length > 0) {
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < Math.min(missing.length, 10); i++) {
                ids.append(i == 0 ? "" : ", ").append(missing[i]);
            }
            stdout.println(indent + "without token:  " + missing.length + " ids (" + ids
                    + (missing.length > 10 ? ", …" : "") + "): their rows are never produced by this tokenizer");
        }
        Map<SpecialTokenRole, String> roles = vocabulary.specialTokens();
        StringBuilder specials = new StringBuilder();
        for (Map.Entry<SpecialTokenRole, String> role : roles.entrySet()) {
            String token = role.getValue();
            specials.append(specials.isEmpty() ? "" : ", ").append(role.getKey().name().toLowerCase())
                    .append('=').append(token).append(" (").append(vocabulary.id(token).orElse(-1)).append(')');
        }
        stdout.println(indent + "special tokens: " + (specials.isEmpty() ? "none" : specials));
    }
}
