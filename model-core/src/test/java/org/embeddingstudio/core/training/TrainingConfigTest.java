package org.embeddingstudio.core.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.engine.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunsPrecisionIsStoredAsUsersTypeIt() throws Exception {
        TrainingConfig bf16 = TrainingConfig.defaults().withSteps(7).withPrecision(Precision.BF16);
        ObjectNode stored = JSON.valueToTree(bf16);
        assertEquals("bf16", stored.path("precision").asText());
        assertEquals(bf16, JSON.treeToValue(stored, TrainingConfig.class));
    }

    @Test
    void runsSavedBeforePrecisionWasASettingReadAsFloat32() throws Exception {
        ObjectNode stored = JSON.valueToTree(TrainingConfig.defaults().withSteps(7));
        stored.remove("precision");
        assertEquals(Precision.FP32, JSON.treeToValue(stored, TrainingConfig.class).precision());
        assertEquals(TrainingConfig.defaults().withSteps(7), JSON.treeToValue(stored, TrainingConfig.class));
    }
}
