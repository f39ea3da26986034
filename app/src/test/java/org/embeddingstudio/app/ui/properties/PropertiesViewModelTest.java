package org.embeddingstudio.app.ui.properties;

import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PropertiesViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    @Test
    void theModelsPropertiesNameTheActiveEmbeddingAndItsVocabulary() throws Exception {
        PropertiesViewModel properties = new PropertiesViewModel();
        Path vocab = TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));

        properties.show(test.workspace.modelProperty().get(), null);

        assertEquals("new", value(properties, "Active embedding"));
        assertEquals("20", value(properties, "Vocabulary (active)"));
    }

    private static String value(PropertiesViewModel properties, String name) {
        return properties.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().value();
    }
}
