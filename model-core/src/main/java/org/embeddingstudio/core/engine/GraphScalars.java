package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for arithmetic that autograd may record: 0-d tensors whose memory the engine allocated and owns.
 *
 * <p>Why not {@code x.mul(0.5f)}: DJL wraps the number in a tensor over a Java direct buffer and closes that tensor
 * right after the operation. Autograd keeps it for the backward pass ({@code mul} and {@code div} need the other
 * operand to compute the gradient), and once the garbage collector frees the buffer, backward reads freed memory:
 * the gradients come out silently wrong — NaN when lucky — whenever a collection falls between a step's forward and
 * backward pass. Seen as a training run turning to NaN in the app once a periodic collection ran during training.
 * A tensor the engine allocated keeps its memory alive for as long as autograd holds it.
 */
public final class GraphScalars {
    private GraphScalars() {
    }

    /** {@code value} as a 0-d tensor of {@code like}'s type, on its device and in its manager. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }
}
