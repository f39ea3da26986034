package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.core.engine.Engines;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceChoiceTest {
    static Engines.EngineInfo engine(String flavor, List<String> devices) {
        return new Engines.EngineInfo("PyTorch", "2.7.1", flavor, "/natives/2.7.1-" + flavor + "-linux-x86_64",
                devices, "", "", 2);
    }

    @Test
    void withCudaNativesAndAGpuEveryGpuIsListedAndTheFirstIsTheDefault() {
        DeviceChoice choice = DeviceChoice.of(engine("cu124", List.of("cpu()", "gpu(0)", "gpu(1)")));
        assertEquals(List.of("gpu(0)", "gpu(1)", "cpu()"), choice.devices());
        assertEquals("gpu(0)", choice.preferred());
        assertEquals("", choice.note());
    }

    @Test
    void cpuNativesTrainOnTheCpuAndSayHowToGetAGpu() {
        DeviceChoice choice = DeviceChoice.of(engine("cpu", List.of("cpu()")));
        assertEquals(List.of("cpu()"), choice.devices());
        assertEquals("cpu()", choice.preferred());
        assertTrue(choice.note().contains("(cpu natives) is loaded: the CPU build cannot use a GPU"), choice.note());
        assertTrue(choice.note().contains("section \"GPU\"") && choice.note().contains("restart"), choice.note());
    }

    @Test
    void cudaNativesWithoutAGpuSayNoDriverOrGpuWasFound() {
        DeviceChoice choice = DeviceChoice.of(engine("cu124", List.of("cpu()")));
        assertEquals("cpu()", choice.preferred());
        assertTrue(choice.note().contains("(cu124 natives) is loaded, but it found no GPU: no CUDA driver"),
                choice.note());
    }
}
