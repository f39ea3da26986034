package org.embeddingstudio.core.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings as transformers computes them ({@code modeling_rope_utils.py} and the models'
 * {@code RotaryEmbedding.forward}): inverse frequencies {@code 1 / theta^(2i/d)}, scaled by the config's RoPE type,
 * then {@code cos} and {@code sin} of position × frequency, the half-width table repeated twice (rotate-half
 * layout). The arithmetic is float32, step by step as torch does it, so the tables equal transformers' bit for bit
 * wherever float32 rounding is the same.
 */
public final class RotaryEmbedding {
    private final DecoderConfig config;
    private final float[] baseFrequencies;

    public RotaryEmbedding(DecoderConfig config) {
        this.config = config;
        this.baseFrequencies = scaled(defaultFrequencies((float) config.ropeTheta()));
    }

    /** cos and sin for one run of positions, each (T, D). */
    public record Tables(NDArray cos, NDArray sin) {
    }

    /**
     * The tables for positions {@code start … start + length - 1}. Dynamic NTK scaling depends on how long the
     * sequence has grown ({@code start + length}), as in transformers.
     */
    public Tables tables(NDManager manager, int start, int length) {
        float[] frequencies = frequenciesFor(start + length);
        int half = frequencies.length;
        int width = 2 * half;
        float[] cos = new float[length * width];
        float[] sin = new float[length * width];
        for (int t = 0; t < length; t++) {
            float position = start + t;
            for (int i = 0; i < half; i++) {
                float angle = frequencies[i] * position;
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[t * width + i] = c;
                cos[t * width + half + i] = c;
                sin[t * width + i] = s;
                sin[t * width + half + i] = s;
            }
        }
        Shape shape = new Shape(length, width);
        return new Tables(manager.create(cos, shape), manager.create(sin, shape));
    }

    /** The inverse frequencies used for a sequence of {@code sequenceLength} tokens. */
    float[] frequenciesFor(int sequenceLength) {
        if ("dynamic".equals(config.ropeScaling().type()) && sequenceLength > config.maxPositionEmbeddings()) {
            return dynamicFrequencies(sequenceLength);
        }
        return baseFrequencies;
    }

    private float[] defaultFrequencies(float theta) {
        int dim = config.headDim();
        float[] frequencies = new float[dim / 2];
        for (int i = 0; i < frequencies.length; i++) {
            float exponent = (float) (2 * i) / dim;
            frequencies[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
        return frequencies;
    }

    private float[] scaled(float[] frequencies) {
        RopeScaling scaling = config.ropeScaling();
        float factor = (float) scaling.factor();
        switch (scaling.type()) {
            case "linear" -> {
                for (int i = 0; i < frequencies.length; i++) {
                    frequencies[i] /= factor;
                }
            }
            case "llama3" -> llama3(frequencies, scaling);
            default -> {
                // default; dynamic equals default until a sequence outgrows max_position_embeddings
            }
        }
        return frequencies;
    }

    /**
     * Llama 3.1: long wavelengths (past the original context / low_freq_factor) are divided by the factor, short
     * ones (under original / high_freq_factor) kept, and the band between interpolated smoothly.
     */
    private static void llama3(float[] frequencies, RopeScaling scaling) {
        float factor = (float) scaling.factor();
        float low = (float) scaling.lowFreqFactor();
        float high = (float) scaling.highFreqFactor();
        float oldContext = scaling.originalMaxPositionEmbeddings();
        float lowFrequencyWavelength = oldContext / low;
        float highFrequencyWavelength = oldContext / high;
        for (int i = 0; i < frequencies.length; i++) {
            float wavelength = (float) (2 * Math.PI) / frequencies[i];
            float llama = wavelength > lowFrequencyWavelength ? frequencies[i] / factor : frequencies[i];
            boolean medium = !(wavelength < highFrequencyWavelength) && !(wavelength > lowFrequencyWavelength);
            if (medium) {
                float smooth = (oldContext / wavelength - low) / (high - low);
                llama = (1 - smooth) * llama / factor + smooth * llama;
            }
            frequencies[i] = llama;
        }
    }

    /** Dynamic NTK: {@code theta · (factor · len / max − (factor − 1))^(d / (d − 2))}. */
    private float[] dynamicFrequencies(int sequenceLength) {
        int dim = config.headDim();
        float factor = (float) config.ropeScaling().factor();
        float growth = factor * sequenceLength / config.maxPositionEmbeddings() - (factor - 1);
        float theta = (float) config.ropeTheta() * (float) Math.pow(growth, (float) ((double) dim / (dim - 2)));
        return defaultFrequencies(theta);
    }
}
