package org.embeddingstudio.core.training.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LossCurveTest {
    @Test
    void theSmoothedCurveStartsAtTheFirstLossAndFollowsAStepChangeGradually() {
        LossCurve curve = new LossCurve();
        for (int step = 1; step <= 200; step++) {
            curve.add(step, step <= 100 ? 4.0 : 2.0);
        }
        assertEquals(4.0, curve.smoothed(0), 1e-6, "bias-corrected: no pull towards 0");
        assertEquals(4.0, curve.smoothed(99), 1e-6);
        assertEquals(2.0 + 2.0 * 0.9, curve.smoothed(100), 1e-4, "one step after the drop");
        assertEquals(2.0, curve.smoothed(199), 1e-3);
        assertEquals(2.0, curve.raw(199), 0);
        assertEquals(200, curve.step(199));
    }
}
