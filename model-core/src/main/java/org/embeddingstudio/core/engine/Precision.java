package org.embeddingstudio.core.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The arithmetic of a model's matrix products. Parameters, optimizer state, norms, softmax and the loss stay in
 * float32 either way; only the products change, as under PyTorch's {@code torch.autocast(dtype=torch.bfloat16)}.
 */
public enum Precision {
    /** Everything in float32. */
    FP32("fp32", "float32 throughout"),
    /**
     * Matrix products in bfloat16 (inputs rounded to 8 significant bits, float32 accumulation), float32 master
     * weights. About twice the float32 rate on CPUs with AVX-512 BF16 or AMX, and on GPUs; slower than float32 on
     * CPUs without them.
     */
    BF16("bf16", "bfloat16 matrix products, float32 weights, norms and loss");

    private final String label;
    private final String description;

    Precision(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name a user types, and runs.json stores: {@code fp32}, {@code bf16}. */
    @JsonValue
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The precision a user named ({@code fp32}, {@code bf16}, any case). */
    @JsonCreator
    public static Precision parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown precision '" + text + "': choose "
                        + Arrays.stream(values()).map(Precision::label).collect(Collectors.joining(" or "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
