package org.embeddingstudio.core.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a bf16 result must be beside float32's: rounded (so not equal), yet within 5 % of the values' size. */
final class Bf16Assertions {
    private Bf16Assertions() {
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 0;
        double error = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            error = Math.max(error, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(error > 0, what + " are rounded in bf16, so not equal to float32's");
        assertTrue(error < scale * 0.05, what + ": largest difference " + error + " against values up to " + scale);
    }
}
