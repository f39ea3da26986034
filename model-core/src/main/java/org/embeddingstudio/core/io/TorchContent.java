package org.embeddingstudio.core.io;

import java.util.LinkedHashMap;

/** What a {@code torch.save} file holds: one tensor, or a state dict of named tensors. */
public sealed interface TorchContent {

    /**
     * A file written by {@code torch.save(tensor)} or {@code torch.save(parameter)}; the adapters library's
     * {@code embedding.pt} is the latter ({@code torch.save(embedding.weight)}).
     *
     * @param parameter    whether the tensor was an {@code nn.Parameter}
     * @param requiresGrad its {@code requires_grad} flag
     */
    record SingleTensor(HostTensor tensor, boolean parameter, boolean requiresGrad) implements TorchContent {
    }

    /** A file written by {@code torch.save(model.state_dict())}, such as {@code pytorch_model.bin}; in file order. */
    record StateDict(LinkedHashMap<String, HostTensor> tensors) implements TorchContent {
    }
}
