package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged ONNX export is reported as a bad file that names itself, never as a crash. */
class OnnxModelLoaderTest {
    @TempDir
    Path temp;

    @Test
    void aTruncatedExportIsAFileFormatExceptionNamingTheFile() throws Exception {
        byte[] export = DemoModel.resource(DemoModel.ONNX_RESOURCE);
        Path truncated = temp.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(export, export.length / 2));
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> OnnxModelLoader.load(truncated, null, Device.cpu()));
        assertEquals(truncated, e.file());
        assertTrue(e.getMessage().startsWith(truncated + ": is not a readable ONNX model: "), e.getMessage());
    }

    @Test
    void garbledBytesAreAFileFormatExceptionNamingTheFile() throws Exception {
        Path garbled = temp.resolve("garbled.onnx");
        Files.writeString(garbled, "<html>not a model</html>");
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> OnnxModelLoader.load(garbled, null, Device.cpu()));
        assertEquals(garbled, e.file());
    }
}
