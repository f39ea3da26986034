package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeviceNameTest {
    @Test
    void djlsDeviceNamesReadAsCpuAndNumberedGpus() {
        assertEquals("CPU", DeviceName.of(Device.cpu().toString()));
        assertEquals("GPU 0", DeviceName.of(Device.gpu(0).toString()));
        assertEquals("GPU 1", DeviceName.of("gpu(1)"));
        assertEquals("mps", DeviceName.of("mps"), "a name of another form is left as it is");
    }
}
