package org.embeddingstudio.core.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.embeddingstudio.core.embedding.TokenEmbedding;

/**
 * An embedding matrix copied to the heap, so analysis runs without NDArrays and its results can go anywhere
 * (the FX thread included).
 *
 * @param values    (rows, dimension) row-major
 * @param rows      number of rows
 * @param dimension number of columns
 */
public record RowMatrix(float[] values, int rows, int dimension) {
    public RowMatrix {
        if ((long) rows * dimension != values.length) {
            throw new IllegalArgumentException(values.length + " values are not " + rows + " x " + dimension);
        }
    }

    /** A copy of {@code embedding}'s weight. */
    public static RowMatrix of(TokenEmbedding embedding) {
        return of(embedding.weight());
    }

    /** A copy of a (rows, dimension) matrix. */
    public static RowMatrix of(NDArray matrix) {
        return new RowMatrix(matrix.toType(DataType.FLOAT32, false).toFloatArray(),
                Math.toIntExact(matrix.getShape().get(0)), Math.toIntExact(matrix.getShape().get(1)));
    }

    /** Value (row, column). */
    public float get(int row, int column) {
        return values[row * dimension + column];
    }

    double squaredNorm(int row) {
        double sum = 0;
        for (int j = 0; j < dimension; j++) {
            double v = values[row * dimension + j];
            sum += v * v;
        }
        return sum;
    }
}
