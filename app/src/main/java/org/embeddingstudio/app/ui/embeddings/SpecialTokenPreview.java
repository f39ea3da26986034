package org.embeddingstudio.app.ui.embeddings;

import org.embeddingstudio.core.overlap.MatchKind;
import org.embeddingstudio.core.overlap.TokenPair;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The Add Embeddings preview's line on special tokens: which reference row each of the new tokenizer's special
 * tokens will start from — the same string, or another spelling of the same role ({@code </s>} ↔
 * {@code <|endoftext|>}, {@code <|im_end|>} ↔ {@code <|eot_id|>}) — or none, so the user sees the choice before the
 * rows are made. Tokens mapped by role come first: they are the choices made for the user; a special token both
 * vocabularies spell alike is not mentioned.
 */
final class SpecialTokenPreview {
    /** Llama 3 has 256 special tokens, most of them reserved: the line names this many and counts the rest. */
    static final int SHOWN = 8;

    private SpecialTokenPreview() {
    }

    /** " Special tokens: <|eot_id|> ← </s> (by role), <|pad|> ← none (random), … and 250 more." or "". */
    static String describe(Vocabulary target, VocabularyOverlap overlap) {
        Map<Integer, TokenPair> pairs = new HashMap<>();
        overlap.pairs().forEach(pair -> pairs.put(pair.targetId(), pair));
        List<String> byRole = new ArrayList<>();
        List<String> others = new ArrayList<>();
        target.specialTokenStrings().stream().sorted(Comparator.comparingInt(token -> idOf(target, token)))
                .forEach(token -> {
                    TokenPair pair = pairs.get(idOf(target, token));
                    if (pair == null) {
                        others.add(token + " ← none (random)");
                    } else if (pair.kind() == MatchKind.SPECIAL_BY_ROLE) {
                        byRole.add(token + " ← " + pair.referenceToken() + " (by role)");
                    } else if (!token.equals(pair.referenceToken())) {
                        others.add(token + " ← " + pair.referenceToken());
                    } // the same special token in both: nothing to choose, nothing to say
                });
        List<String> all = new ArrayList<>(byRole);
        all.addAll(others);
        if (all.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", all.subList(0, Math.min(SHOWN, all.size())));
        return " Special tokens: " + shown + (all.size() > SHOWN ? ", … and " + (all.size() - SHOWN) + " more."
                : ".");
    }

    private static int idOf(Vocabulary vocabulary, String token) {
        OptionalInt id = vocabulary.id(token);
        return id.orElse(Integer.MAX_VALUE);
    }
}
