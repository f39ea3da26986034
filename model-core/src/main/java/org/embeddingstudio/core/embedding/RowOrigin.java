package org.embeddingstudio.core.embedding;

/** Where the values of one embedding row came from. Stored as one byte per row, so codes never change. */
public enum RowOrigin {
    /** Drawn from N(0, 0.02) (or zero, for the padding row). */
    RANDOM(0, "random"),
    /** Copied from the reference embedding, matched by exact token string. */
    COPIED(1, "copied"),
    /** Changed by training after it was created. */
    TRAINED(2, "trained"),
    /** Read from a file that did not say where its rows came from (e.g. written by Python). */
    UNKNOWN(3, "unknown"),
    /** Part of a model's own pretrained embedding. */
    PRETRAINED(4, "pretrained"),
    /**
     * The mean of the reference rows of the token's pieces under the reference tokenizer: Fast Vocabulary Transfer
     * (Gee et al. 2022, https://aclanthology.org/2022.emnlp-industry.41/).
     */
    FVT(5, "fvt"),
    /** The mean of all reference rows. */
    MEAN(6, "mean"),
    /** A sparse combination of copied anchor rows, found by orthogonal matching pursuit in a donor space. */
    OMP(7, "omp"),
    /** Copied from the reference embedding, matched after normalising the token strings (not identical). */
    COPIED_NORMALIZED(8, "copied-normalized"),
    /**
     * Past the tokenizer's tokens: a model's matrix padded to a round size (Qwen2.5: 151 936 rows for 151 665
     * tokens), which no token stands for; never copied from or into.
     */
    PADDING(9, "padding");

    private final byte code;
    private final String label;

    RowOrigin(int code, String label) {
        this.code = (byte) code;
        this.label = label;
    }

    public byte code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static RowOrigin ofCode(byte code) {
        for (RowOrigin origin : values()) {
            if (origin.code == code) {
                return origin;
            }
        }
        return UNKNOWN;
    }
}
