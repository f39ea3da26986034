package org.embeddingstudio.core.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * The keys and values of the positions a decoder has already seen, per layer (B, KV, T, D), so that generating a
 * token runs the model over that token only. Owns its arrays; close it when the generation ends.
 */
public final class KeyValueCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KeyValueCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions cached so far. */
    public int length() {
        return length;
    }

    /** Adds a layer's new keys and values and returns all of them, cached ones first. */
    NDList append(int layer, NDArray newKeys, NDArray newValues) {
        NDArray allKeys = keys[layer] == null ? newKeys : NDArrays.concat(new NDList(keys[layer], newKeys), 2);
        NDArray allValues = values[layer] == null ? newValues
                : NDArrays.concat(new NDList(values[layer], newValues), 2);
        replace(layer, allKeys, allValues);
        return new NDList(allKeys, allValues);
    }

    /** A layer's cached keys (B, KV, P, D), null before its first position. */
    NDArray keys(int layer) {
        return keys[layer];
    }

    /** A layer's cached values, likewise. */
    NDArray values(int layer) {
        return values[layer];
    }

    /** Holds {@code allKeys} and {@code allValues} — the cached positions and the new ones — as the layer's cache. */
    void replace(int layer, NDArray allKeys, NDArray allValues) {
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        // Out of the layer's scope, into the cache's manager: they outlive this forward pass.
        NDScope.unregister(allKeys, allValues);
        allKeys.attach(manager);
        allValues.attach(manager);
        keys[layer] = allKeys;
        values[layer] = allValues;
    }

    /** Called once every layer has appended the same number of new positions. */
    void advance(int positions) {
        length += positions;
    }

    @Override
    public void close() {
        manager.close();
    }
}
