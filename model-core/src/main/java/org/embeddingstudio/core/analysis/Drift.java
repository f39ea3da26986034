package org.embeddingstudio.core.analysis;

import org.embeddingstudio.core.embedding.RowMapping;
import org.embeddingstudio.core.embedding.RowOrigin;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How far rows moved: per-row L2 distance between two snapshots of one matrix (before and after training), or
 * between copied rows and the reference rows they were copied from, summarised by where each row came from, so one
 * can see whether training moved the random rows more than the copied or FVT ones.
 */
public final class Drift {
    /** The distances of the rows of one provenance. */
    public record Summary(int rows, double mean, double median, double max) {
    }

    /**
     * @param distances per-row L2 distance, (rows); NaN for rows not compared
     * @param byOrigin  a summary per provenance (of the rows compared)
     */
    public record Report(float[] distances, Map<RowOrigin, Summary> byOrigin) {
    }

    private Drift() {
    }

    /**
     * Per-row distance between two snapshots of the same (rows, D) matrix.
     *
     * @param origins each row's {@link RowOrigin} code (of the matrix when it was made)
     */
    public static Report between(RowMatrix before, RowMatrix after, byte[] origins) {
        if (before.rows() != after.rows() || before.dimension() != after.dimension()) {
            throw new IllegalArgumentException("snapshots of one matrix have one shape; got " + before.rows() + " x "
                    + before.dimension() + " and " + after.rows() + " x " + after.dimension());
        }
        float[] distances = new float[before.rows()];
        for (int row = 0; row < distances.length; row++) {
            distances[row] = distance(before, row, after, row);
        }
        return report(distances, origins);
    }

    /**
     * Per-row distance of {@code embedding}'s mapped rows from the reference rows {@code mapping} pairs them with
     * (e.g. copied rows after training); other rows are NaN.
     */
    public static Report fromReference(RowMatrix embedding, RowMatrix reference, RowMapping mapping, byte[] origins) {
        float[] distances = new float[embedding.rows()];
        Arrays.fill(distances, Float.NaN);
        for (int i = 0; i < mapping.size(); i++) {
            int row = mapping.targetRows()[i];
            distances[row] = distance(embedding, row, reference, mapping.referenceRows()[i]);
        }
        return report(distances, origins);
    }

    private static float distance(RowMatrix a, int rowA, RowMatrix b, int rowB) {
        double sum = 0;
        for (int j = 0; j < a.dimension(); j++) {
            double diff = a.get(rowA, j) - b.get(rowB, j);
            sum += diff * diff;
        }
        return (float) Math.sqrt(sum);
    }

    private static Report report(float[] distances, byte[] origins) {
        Map<RowOrigin, float[]> groups = new EnumMap<>(RowOrigin.class);
        Map<RowOrigin, Integer> sizes = new EnumMap<>(RowOrigin.class);
        for (int row = 0; row < distances.length; row++) {
            if (!Float.isNaN(distances[row])) {
                sizes.merge(RowOrigin.ofCode(origins[row]), 1, Integer::sum);
            }
        }
        sizes.forEach((origin, size) -> groups.put(origin, new float[size]));
        Map<RowOrigin, Integer> filled = new EnumMap<>(RowOrigin.class);
        for (int row = 0; row < distances.length; row++) {
            if (!Float.isNaN(distances[row])) {
                RowOrigin origin = RowOrigin.ofCode(origins[row]);
                int at = filled.merge(origin, 1, Integer::sum) - 1;
                groups.get(origin)[at] = distances[row];
            }
        }
        Map<RowOrigin, Summary> summaries = new EnumMap<>(RowOrigin.class);
        groups.forEach((origin, values) -> summaries.put(origin, summarise(values)));
        return new Report(distances, Collections.unmodifiableMap(summaries));
    }

    private static Summary summarise(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (float v : sorted) {
            sum += v;
        }
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new Summary(n, sum / n, median, sorted[n - 1]);
    }
}
