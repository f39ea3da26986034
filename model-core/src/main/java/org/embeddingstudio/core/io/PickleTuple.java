package org.embeddingstudio.core.io;

import java.util.List;

/** A Python tuple from a pickle; items may be {@code null} (Python {@code None}). */
record PickleTuple(List<Object> items) {
    Object get(int index) {
        return items.get(index);
    }

    int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return "tuple of " + items.size();
    }
}
