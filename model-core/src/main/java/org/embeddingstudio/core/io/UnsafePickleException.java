package org.embeddingstudio.core.io;

import java.nio.file.Path;

/**
 * A pickle that asks for a Python function or class outside the small set a tensor file needs. Such a request is how
 * malicious checkpoints run code in Python; we never execute anything, but refuse the whole file so it is not
 * mistaken for a harmless one.
 */
public class UnsafePickleException extends FileFormatException {
    private final String global;

    /** @param global the dotted name asked for, e.g. {@code os.system} */
    public UnsafePickleException(Path file, String global) {
        super(file, "refused to load: the pickle asks for " + global + ", which can run code;"
                + " only tensors and state dicts are accepted");
        this.global = global;
    }

    /** The refused global, e.g. {@code os.system}. */
    public String global() {
        return global;
    }
}
