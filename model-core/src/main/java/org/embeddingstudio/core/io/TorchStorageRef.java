package org.embeddingstudio.core.io;

/**
 * A storage named by a pickle's persistent id: the zip entry {@code <archive>/data/<key>} of {@code numel} elements.
 */
record TorchStorageRef(String key, TensorDType dtype, long numel) {
}
