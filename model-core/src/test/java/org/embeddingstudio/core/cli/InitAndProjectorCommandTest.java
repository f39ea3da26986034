package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.analysis.ProjectorFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.embeddingstudio.core.cli.InfoCommandTest.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitAndProjectorCommandTest {
    @TempDir
    Path temp;
    Path model;
    Path other;

    @BeforeEach
    void setUp() throws IOException {
        model = CliFixtures.tinyModel(temp.resolve("model"));
        other = CliFixtures.otherVocabulary(temp.resolve("other"));
    }

    private CliFixtures.Run addEmbeddings(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("add-embeddings", "--model", model.toString(),
                "--name", "german", "--tokenizer", other.toString(), "--reference", "default", "--seed", "7",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliFixtures.run(args.toArray(String[]::new));
    }

    @Test
    void initMeanGivesEveryRowNotCopiedTheMeanAndRecordsIt() throws IOException {
        Path out = temp.resolve("mean");
        CliFixtures.Run run = addEmbeddings(out, "--init", "mean");

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "copied: 9 rows from 'default'", "mean:   4 rows", "drawn:  0 rows");
        assertContainsAll(Files.readString(out.resolve("embedding-studio.json")), "\"init_strategy\" : \"mean\"",
                "\"mean\" : 4");
    }

    @Test
    void initOmpUsesTheDonorFolder() throws IOException {
        Path donor = temp.resolve("donor");
        assertEquals(0, addEmbeddings(donor).exitCode());
        Path out = temp.resolve("omp");

        CliFixtures.Run run = addEmbeddings(out, "--init", "omp", "--donor", donor.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "omp:    4 rows");
        assertContainsAll(Files.readString(out.resolve("embedding-studio.json")), "\"init_strategy\" : \"omp\"",
                "\"donor\" : \"" + donor.toAbsolutePath().normalize());
    }

    @Test
    void initOmpWithoutADonorIsAUsageError() {
        CliFixtures.Run run = addEmbeddings(temp.resolve("x"), "--init", "omp");
        assertEquals(2, run.exitCode());
        assertContainsAll(run.err(), "--init omp needs --donor");
    }

    @Test
    void projectorWritesOneTensorLineAndOneLabelledMetadataLinePerRow() throws IOException {
        Path embeddings = temp.resolve("mean");
        assertEquals(0, addEmbeddings(embeddings, "--init", "mean").exitCode());
        Path out = temp.resolve("projector");

        CliFixtures.Run run = CliFixtures.run("projector", embeddings.toString(), "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        List<String> tensor = Files.readAllLines(out.resolve("tensor.tsv"));
        List<String> metadata = Files.readAllLines(out.resolve("metadata.tsv"));
        assertEquals(13, tensor.size());
        assertEquals(32, tensor.getFirst().split("\t").length);
        assertEquals("token\tprovenance", metadata.getFirst());
        assertEquals(14, metadata.size());
        assertTrue(metadata.contains("the\tcopied"));
        assertTrue(metadata.contains("katze\tmean"));
    }

    @Test
    void projectorEscapesTabsAndLineBreaksInTokens() {
        assertEquals("a\\tb\\nc", ProjectorFiles.visible("a\tb\nc"));
        assertEquals("<empty>", ProjectorFiles.visible(""));
    }
}
