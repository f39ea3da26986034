package org.embeddingstudio.core.analysis;

import org.embeddingstudio.core.embedding.RowMapping;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingSpaceToolsTest {
    @Test
    void nearestNeighboursAreRankedByCosineWithoutTheQueryRow() {
        RowMatrix matrix = new RowMatrix(new float[]{
                1, 0,      // 0: query
                2, 0,      // 1: same direction, cosine 1
                1, 1,      // 2: 45°, cosine 0.707
                0, 3,      // 3: orthogonal
                -1, 0,     // 4: opposite
                0, 0}, 6, 2);  // 5: zero row, cosine 0

        List<NearestNeighbours.Neighbour> neighbours = NearestNeighbours.of(matrix, 0, 3);

        assertEquals(List.of(1, 2, 3), neighbours.stream().map(NearestNeighbours.Neighbour::row).toList());
        assertEquals(1f, neighbours.get(0).cosine(), 1e-6);
        assertEquals((float) Math.sqrt(0.5), neighbours.get(1).cosine(), 1e-6);
    }

    @Test
    void nearestNeighboursOfATokenAreNamed() {
        var vocabulary = Vocabulary.builder(
                        new SubwordConventions(
                                TokenizerKind.values()[0], "##", "", false, ""))
                .addModelToken("cat").addModelToken("kitten").addModelToken("car").build();
        RowMatrix matrix = new RowMatrix(new float[]{1, 0, 0.9f, 0.1f, 0, 1}, 3, 2);

        assertEquals(List.of("kitten", "car"), NearestNeighbours.ofToken(matrix, vocabulary, "cat", 2).stream()
                .map(NearestNeighbours.Neighbour::token).toList());
    }

    @Test
    void pcaOfPointsOnALineHasAllVarianceOnTheFirstComponent() {
        // Points (t, 2t, 0) for t = -2..2: the line's direction is the first component; the second has no variance.
        float[] values = new float[15];
        for (int t = -2; t <= 2; t++) {
            values[(t + 2) * 3] = t;
            values[(t + 2) * 3 + 1] = 2 * t;
        }
        Pca2d.Projection projection = Pca2d.project(new RowMatrix(values, 5, 3), 10, 1);

        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, projection.rows());
        float root5 = (float) Math.sqrt(5);
        float sign = Math.signum(projection.coordinates()[8]); // the points are symmetric: either sign is right
        for (int t = -2; t <= 2; t++) {
            assertEquals(sign * t * root5, projection.coordinates()[(t + 2) * 2], 1e-4);
            assertEquals(0f, projection.coordinates()[(t + 2) * 2 + 1], 1e-4);
        }
        assertEquals(10.0, projection.variances()[0], 1e-6);  // mean of 5t² over t = -2..2
    }

    @Test
    void theSameSeedSamplesTheSameRows() {
        float[] values = new float[100 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        RowMatrix matrix = new RowMatrix(values, 100, 4);
        Pca2d.Projection first = Pca2d.project(matrix, 20, 42);
        Pca2d.Projection second = Pca2d.project(matrix, 20, 42);

        assertEquals(20, first.rows().length);
        assertArrayEquals(first.rows(), second.rows());
        assertArrayEquals(first.coordinates(), second.coordinates());
        assertTrue(first.variances()[0] >= first.variances()[1]);
    }

    @Test
    void driftIsSummarisedByProvenance() {
        RowMatrix before = new RowMatrix(new float[]{0, 0, 0, 0, 0, 0, 0, 0}, 4, 2);
        RowMatrix after = new RowMatrix(new float[]{3, 4, 0, 1, 0, 2, 6, 8}, 4, 2);
        byte[] origins = {RowOrigin.COPIED.code(), RowOrigin.COPIED.code(), RowOrigin.RANDOM.code(),
                RowOrigin.FVT.code()};

        Drift.Report report = Drift.between(before, after, origins);

        assertArrayEquals(new float[]{5, 1, 2, 10}, report.distances());
        assertEquals(new Drift.Summary(2, 3, 3, 5), report.byOrigin().get(RowOrigin.COPIED));
        assertEquals(new Drift.Summary(1, 2, 2, 2), report.byOrigin().get(RowOrigin.RANDOM));
        assertEquals(new Drift.Summary(1, 10, 10, 10), report.byOrigin().get(RowOrigin.FVT));
    }

    @Test
    void driftFromTheReferenceComparesOnlyMappedRows() {
        RowMatrix embedding = new RowMatrix(new float[]{1, 1, 5, 5, 9, 9}, 3, 2);
        RowMatrix reference = new RowMatrix(new float[]{9, 10, 1, 1}, 2, 2);
        RowMapping mapping = new RowMapping(new int[]{0, 2}, new int[]{1, 0});

        Drift.Report report = Drift.fromReference(embedding, reference, mapping, new byte[]{1, 0, 1});

        assertEquals(0f, report.distances()[0]);
        assertTrue(Float.isNaN(report.distances()[1]));
        assertEquals(1f, report.distances()[2]);
        assertEquals(new Drift.Summary(2, 0.5, 0.5, 1), report.byOrigin().get(RowOrigin.COPIED));
    }
}
