package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HyperParametersTest {
    @Test
    void theSheetStartsAtTheCoreDefaultsWithEvaluationAndCheckpoints() {
        TrainingConfig parsed = new HyperParameters().parse();
        assertEquals(TrainingConfig.defaults().withEvaluation(0.1, 25).withCheckpointEvery(25), parsed);
    }

    @Test
    void aValueThatDoesNotParseNamesItsField() {
        HyperParameters sheet = new HyperParameters();
        sheet.sequenceLength().set("12.5");
        assertEquals("Sequence length: '12.5' is not a whole number",
                assertThrows(IllegalArgumentException.class, sheet::parse).getMessage());
    }

    @Test
    void aReopenedRunShowsItsOwnValues() {
        HyperParameters sheet = new HyperParameters();
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(3e-5).withSteps(7).withBatch(4, 64);
        sheet.show(config);
        assertEquals("3e-05", sheet.learningRate().get());
        assertEquals(config, sheet.parse());
    }

    @Test
    void precisionIsAChoiceShownFromARunAndSaidInWords() {
        HyperParameters sheet = new HyperParameters();
        assertEquals(Precision.FP32, sheet.precision().get());
        assertEquals(List.of(Precision.FP32, Precision.BF16), sheet.precisions());
        sheet.show(TrainingConfig.defaults().withPrecision(Precision.BF16));
        assertEquals(Precision.BF16, sheet.parse().precision());
        assertEquals("bfloat16 matrix products, float32 weights, norms and loss", sheet.precisionNote().get());
    }
}
