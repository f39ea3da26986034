package org.embeddingstudio.core.io;

/**
 * A tensor as {@code _rebuild_tensor_v2} describes it: a strided view of a storage, not yet read.
 *
 * @param parameter    whether it was wrapped by {@code _rebuild_parameter} ({@code nn.Parameter})
 * @param requiresGrad the parameter's {@code requires_grad} flag
 */
record TorchTensorRef(TorchStorageRef storage, long storageOffset, long[] shape, long[] stride, boolean parameter,
                      boolean requiresGrad) {
    TorchTensorRef asParameter(boolean requiresGrad) {
        return new TorchTensorRef(storage, storageOffset, shape, stride, true, requiresGrad);
    }
}
