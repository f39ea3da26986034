package org.embeddingstudio.core.training.run;

import java.util.List;

/** What a run trains the model to do. */
public enum Objective {
    MASKED_LM("Masked-LM on a text file"),
    CLASSIFICATION("Sequence(-pair) classification (CSV, TSV, JSONL)"),
    /** Decoder models only. */
    CAUSAL_LM("Next-token prediction on a text file");

    private final String label;

    Objective(String label) {
        this.label = label;
    }

    /** What a BERT-family model can train on. */
    public static List<Objective> forEncoders() {
        return List.of(MASKED_LM, CLASSIFICATION);
    }

    @Override
    public String toString() {
        return label;
    }
}
