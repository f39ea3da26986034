package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Pairs special tokens by the job they do. BERT's {@code [CLS]} and RoBERTa's {@code <s>} both open a sequence and
 * {@code [SEP]}/{@code </s>} both close one, so CLS stands in for BOS and SEP for EOS when a vocabulary lacks one.
 */
final class SpecialRoles {
    private static final Map<SpecialTokenRole, List<SpecialTokenRole>> COUNTERPARTS = Map.of(
            SpecialTokenRole.CLS, List.of(SpecialTokenRole.CLS, SpecialTokenRole.BOS),
            SpecialTokenRole.BOS, List.of(SpecialTokenRole.BOS, SpecialTokenRole.CLS),
            SpecialTokenRole.SEP, List.of(SpecialTokenRole.SEP, SpecialTokenRole.EOS),
            SpecialTokenRole.EOS, List.of(SpecialTokenRole.EOS, SpecialTokenRole.SEP));

    private SpecialRoles() {
    }

    /**
     * The reference id of the special token doing {@code token}'s job, trying {@code token}'s roles in
     * {@link SpecialTokenRole} order (deterministic when one token has several roles, as GPT-2's
     * {@code <|endoftext|>}); empty when {@code token} has no role or the reference has no counterpart.
     */
    static OptionalInt counterpart(String token, Vocabulary target, Vocabulary reference) {
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
