"""Decoder checkpoints and generation through transformers + PyTorch, for bin/bench's decoder figures.

    python decoder_bench.py checkpoint SHAPE OUT
        A random Llama-architecture checkpoint of the named SHAPE (smollm2-135m: SmolLM2-135M's config; llama-1b:
        Llama 3.2 1B's), parameter names and shapes from LlamaForCausalLM itself (built on the meta device), values
        N(0, 0.02) in bfloat16 (norm weights 1), written as the Hub ships them: config.json and sharded
        model-0000N-of-0000M.safetensors with model.safetensors.index.json. Prints the parameter count.

    python decoder_bench.py generate FOLDER PROMPT NEW ROUNDS THREADS
        transformers' LlamaForCausalLM from FOLDER in float32, greedy generate() with its KV cache of NEW tokens after
        a seeded random prompt of PROMPT tokens; one warm-up, then ROUNDS timed runs. Prints one JSON object: the
        prompt ids, the generated ids and the tokens per second of each round.

    python decoder_bench.py vocabulary FOLDER
        A BPE tokenizer.json without merges with one token per row of FOLDER's config (t0, t1, …; <s> and </s> at the
        config's BOS/EOS ids), so that both sides train the same ids under a tokenizer of the model's size.

    python decoder_bench.py train FOLDER BLOCKS STEPS THREADS [bf16]
        One causal-LM training step after another through AdapterHub adapters: LlamaForCausalLM from FOLDER in
        float32, adapters.init, add_adapter("bench", "seq_bn"), train_adapter("bench", train_embeddings=True),
        torch.optim.AdamW (lr 1e-4, weight decay 0.01) over what requires gradients, gradient clipping at 1.0; each
        step a batch of the safetensors file BLOCKS (input_ids (N, T), taken 8 rows at a time), labels = input_ids.
        One warm-up step, then STEPS timed ones. Prints one JSON object: tokens per second and loss of each step.
        With bf16, forward and loss run under torch.autocast("cpu", dtype=torch.bfloat16), float32 master weights.
"""
import json
import sys
import time

import torch
from safetensors.torch import save_file
from transformers import LlamaConfig, LlamaForCausalLM

SHAPES = {
    "smollm2-135m": dict(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192,
                         rope_theta=100000.0, rms_norm_eps=1e-5, tie_word_embeddings=True, bos_token_id=1,
                         eos_token_id=2),
    "llama-1b": dict(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                     num_attention_heads=32, num_key_value_heads=8, head_dim=64, max_position_embeddings=131072,
                     rope_theta=500000.0, rms_norm_eps=1e-5, tie_word_embeddings=True, bos_token_id=128000,
                     eos_token_id=128001,
                     rope_scaling=dict(rope_type="llama3", factor=32.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                       original_max_position_embeddings=8192)),
}
SHARD_BYTES = 1 << 30


def checkpoint(shape, out):
    config = LlamaConfig(**SHAPES[shape], torch_dtype="bfloat16")
    with torch.device("meta"):
        model = LlamaForCausalLM(config)
    names = {name: parameter.shape for name, parameter in model.state_dict().items()}
    if config.tie_word_embeddings:
        names.pop("lm_head.weight", None)
    generator = torch.Generator().manual_seed(0)
    shards, current, size = [], {}, 0
    for name, shape_of in names.items():
        if name.endswith("norm.weight"):
            tensor = torch.ones(shape_of, dtype=torch.bfloat16)
        else:
            tensor = (torch.randn(shape_of, generator=generator) * 0.02).to(torch.bfloat16)
        if current and size + tensor.numel() * 2 > SHARD_BYTES:
            shards.append(current)
            current, size = {}, 0
        current[name] = tensor
        size += tensor.numel() * 2
    shards.append(current)
    weight_map = {}
    for index, shard in enumerate(shards):
        file = f"model-{index + 1:05d}-of-{len(shards):05d}.safetensors"
        save_file(shard, f"{out}/{file}", metadata={"format": "pt"})
        weight_map.update({name: file for name in shard})
    with open(f"{out}/model.safetensors.index.json", "w") as index_file:
        json.dump({"metadata": {"total_size": sum(t.numel() * 2 for s in shards for t in s.values())},
                   "weight_map": weight_map}, index_file)
    config.save_pretrained(out)
    print(sum(t.numel() for s in shards for t in s.values()))


def generate(folder, prompt_length, new_tokens, rounds, threads):
    torch.set_num_threads(threads)
    model = LlamaForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    prompt = torch.randint(3, model.config.vocab_size, (1, prompt_length), generator=torch.Generator().manual_seed(1))
    speeds = []
    with torch.no_grad():
        for round_index in range(rounds + 1):
            started = time.perf_counter()
            output = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=new_tokens,
                                    min_new_tokens=new_tokens, do_sample=False, use_cache=True, pad_token_id=0)
            seconds = time.perf_counter() - started
            if round_index > 0:
                speeds.append(new_tokens / seconds)
    print(json.dumps({"prompt": prompt[0].tolist(), "generated": output[0, prompt_length:].tolist(),
                      "tokens_per_second": speeds}))


def vocabulary(folder):
    from tokenizers import Tokenizer, models, pre_tokenizers
    config = LlamaConfig.from_pretrained(folder)
    vocab = {f"t{i}": i for i in range(config.vocab_size)}
    for name, index in (("<s>", config.bos_token_id), ("</s>", config.eos_token_id)):
        vocab.pop(f"t{index}")
        vocab[name] = index
    tokenizer = Tokenizer(models.BPE(vocab, [], unk_token="</s>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.save(f"{folder}/tokenizer.json")


def train(folder, blocks_file, steps, threads, bf16=False):
    import adapters
    from safetensors.torch import load_file
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = LlamaForCausalLM.from_pretrained(folder, dtype=torch.float32)
    adapters.init(model)
    model.add_adapter("bench", config="seq_bn")
    model.train_adapter("bench", train_embeddings=True)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.01)
    blocks = load_file(blocks_file)["input_ids"]
    batch = 8
    speeds, losses = [], []
    for step in range(steps + 1):
        rows = blocks[(step * batch) % len(blocks):][:batch]
        started = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = model(input_ids=rows, labels=rows).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        seconds = time.perf_counter() - started
        if step > 0:
            speeds.append(rows.numel() / seconds)
            losses.append(loss.item())
    print(json.dumps({"tokens_per_second": speeds, "losses": losses}))


if __name__ == "__main__":
    if sys.argv[1] == "checkpoint":
        checkpoint(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "generate":
        generate(sys.argv[2], *map(int, sys.argv[3:7]))
    elif sys.argv[1] == "vocabulary":
        vocabulary(sys.argv[2])
    elif sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6:7] == ["bf16"])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
