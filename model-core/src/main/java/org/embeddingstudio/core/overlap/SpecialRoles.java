package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Pairs special tokens by the job they do. BERT's {@code [CLS]} and RoBERTa's {@code <s>} both open a sequence and
 * {@code [SEP]}/{@code </s>} both close one, so CLS stands in for BOS and SEP for EOS when a vocabulary lacks one.
 * Chat models' turn markers pair the same way: ChatML's {@code <|im_start|>} (Qwen), Llama 3's
 * {@code <|start_header_id|>} and Gemma's {@code <start_of_turn>} open a turn; {@code <|im_end|>},
 * {@code <|eot_id|>}, {@code <end_of_turn>} and Phi-3's {@code <|end|>} close one.
 */
final class SpecialRoles {
    private static final Map<SpecialTokenRole, List<SpecialTokenRole>> COUNTERPARTS = Map.of(
            SpecialTokenRole.CLS, List.of(SpecialTokenRole.CLS, SpecialTokenRole.BOS),
            SpecialTokenRole.BOS, List.of(SpecialTokenRole.BOS, SpecialTokenRole.CLS),
            SpecialTokenRole.SEP, List.of(SpecialTokenRole.SEP, SpecialTokenRole.EOS),
            SpecialTokenRole.EOS, List.of(SpecialTokenRole.EOS, SpecialTokenRole.SEP));

    /** Chat-template markers by the job they do (tokenizers give them no role of their own). */
    private static final List<Set<String>> TURN_MARKERS = List.of(
            Set.of("<|im_start|>", "<|start_header_id|>", "<start_of_turn>"),
            Set.of("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>"));

    private SpecialRoles() {
    }

    /**
     * The reference id of the special token doing {@code token}'s job, trying {@code token}'s roles in
     * {@link SpecialTokenRole} order (deterministic when one token has several roles, as GPT-2's
     * {@code <|endoftext|>}); empty when {@code token} has no role or the reference has no counterpart.
     */
    static OptionalInt counterpart(String token, Vocabulary target, Vocabulary reference) {
        for (Set<String> markers : TURN_MARKERS) {
            if (markers.contains(token)) {
                return markers.stream().filter(reference::isSpecial).map(reference::id)
                        .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).sorted().findFirst();
            }
        }
        for (SpecialTokenRole role : SpecialTokenRole.values()) {
            if (!token.equals(target.specialToken(role))) {
                continue;
            }
            for (SpecialTokenRole candidate : COUNTERPARTS.getOrDefault(role, List.of(role))) {
                OptionalInt id = reference.specialTokenId(candidate);
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return OptionalInt.empty();
    }
}
