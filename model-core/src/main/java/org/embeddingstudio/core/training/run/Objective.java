package org.embeddingstudio.core.training.run;

/** What a run trains the model to do. */
public enum Objective {
    MASKED_LM("Masked-LM on a text file"),
    CLASSIFICATION("Sequence(-pair) classification (CSV, TSV, JSONL)");

    private final String label;

    Objective(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
