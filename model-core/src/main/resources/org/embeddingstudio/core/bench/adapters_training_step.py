"""Masked-LM training steps through the real AdapterHub adapters + transformers + PyTorch, for bin/bench's
side-by-side figures: a random BERT made from a config (BertAdapterModel), a masked-LM head, a seq_bn adapter,
train_adapter("a", train_embeddings=True) and torch's AdamW with gradient clipping, as Trainer steps. Batches of
random ids, 15 % of them predicted (80 % of those masked), as DataCollatorForLanguageModeling makes them.

    python adapters_training_step.py LAYERS HIDDEN HEADS FFN VOCAB BATCH LENGTH WARM_UP MEASURED THREADS

Prints one JSON object: the measured steps' seconds and the median tokens per second.
"""
import json
import statistics
import sys
import time

import torch
from transformers import BertConfig

from adapters import BertAdapterModel


def main(layers, hidden, heads, ffn, vocab, batch, length, warm_up, measured, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = BertAdapterModel(BertConfig(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers,
                                        num_attention_heads=heads, intermediate_size=ffn,
                                        max_position_embeddings=512))
    model.add_masked_lm_head("mlm")
    model.add_adapter("a", config="seq_bn")
    model.train_adapter("a", train_embeddings=True)
    model.active_head = "mlm"
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.01)
    generator = torch.Generator().manual_seed(1)
    seconds = []
    for step in range(warm_up + measured):
        ids = torch.randint(5, vocab, (batch, length), generator=generator)
        chosen = torch.rand(batch, length, generator=generator) < 0.15
        labels = torch.where(chosen, ids, torch.full_like(ids, -100))
        ids = torch.where(chosen & (torch.rand(batch, length, generator=generator) < 0.8), torch.full_like(ids, 4),
                          ids)
        start = time.perf_counter()
        loss = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad()
        if step >= warm_up:
            seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({"seconds": seconds, "median_step_seconds": median, "tokens_per_second": batch * length / median,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
