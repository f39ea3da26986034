"""Decoder models made by transformers itself, for the Java fidelity tests.

Run with the interop environment's python (../shared/tools/python-interop-env prints it). Nothing here re-implements
a model: every figure comes from transformers' own modeling classes, in eval mode, eager attention, fp32.

  model VARIANT OUT
      A random causal LM of the named VARIANT (see VARIANTS) made from a small config (seeded), saved with
      save_pretrained into OUT/model (the exact Hub layout). OUT/expected.safetensors holds a right-padded batch
      (input_ids, attention_mask) and its logits, and one sequence longer than the RoPE's original context
      (long_input_ids, long_logits) — past original_max_position_embeddings for scaled RoPE, past
      max_position_embeddings for dynamic NTK.

  tokenizer KIND OUT
      A small tokenizer of the kind decoder models ship, trained by the tokenizers library on a built-in text and
      saved by transformers' PreTrainedTokenizerFast.save_pretrained into OUT (tokenizer.json, tokenizer_config.json
      with a chat template). KIND: "llama3" — byte-level BPE after Llama 3's split pattern, ignore_merges, special
      tokens <|begin_of_text|>, <|eot_id|>, … and a template adding the BOS token; "llama2" — SentencePiece-style
      BPE over "▁"-joined text with byte fallback (<0x00> … <0xFF> in the model's vocabulary, as Llama 2, Mistral
      and Gemma ship them), <unk>, <s>, </s>.

  chat-model OUT
      A random Llama with the "llama3" tokenizer in one folder, OUT/model, its matrix padded 7 rows past the
      tokenizer (as Qwen2.5's and Gemma 3's are). OUT/expected.json: transformers' greedy
      generate() of 12 new tokens after a prompt (padding rows suppressed), and the summed negative log-likelihood
      (nats, from the model's own loss) of a text read in windows of 16 tokens that overlap by one.

  adapters-embeddings MODEL NEW_TOKENIZER OUT
      AdapterHub adapters on the causal LM in MODEL (adapters.init): add_embeddings("new", NEW_TOKENIZER,
      reference_embedding="default", reference_tokenizer=MODEL's), then save_embeddings(OUT/embedding, "new",
      tokenizer); OUT/expected.safetensors: a batch of new-vocabulary ids and the base model's last hidden state for
      them under "new" (adapters swaps only the input side, so logits are not compared).

  adapters-hidden-states MODEL EMBEDDING IDS OUT
      adapters loads the embedding folder EMBEDDING (load_embeddings, made active) on MODEL; the base model's last
      hidden state for the input_ids of the safetensors file IDS goes to OUT.

  hf-logits FOLDER IDS TEXT OUT
      A Hugging Face folder read as a user would (AutoModelForCausalLM, AutoTokenizer): OUT.safetensors gets the
      logits for IDS (input_ids, attention_mask); OUT.json the tokenizer's length, its ids for TEXT, the config's
      vocab_size and special-token ids, and the chat template rendered for one user message ("" if none).
"""
import json
import sys

import torch
from safetensors.torch import load_file, save_file
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import (Gemma2Config, Gemma2ForCausalLM, GemmaConfig, GemmaForCausalLM, GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM,
                          MistralConfig, MistralForCausalLM, PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM)

LLAMA_SHAPE = dict(vocab_size=150, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
                   num_key_value_heads=2, rms_norm_eps=1e-5, bos_token_id=1, eos_token_id=2, pad_token_id=0)

VARIANTS = {
    # GPT-2: Conv1D weights, fused c_attn, learned positions, tied head.
    "gpt2": (GPT2Config, GPT2LMHeadModel, dict(vocab_size=150, n_embd=32, n_layer=2, n_head=4, n_positions=64,
                                               bos_token_id=1, eos_token_id=2), 40),
    # Llama 3.x: grouped-query attention and llama3 RoPE scaling past an original context of 16.
    "llama3": (LlamaConfig, LlamaForCausalLM, dict(LLAMA_SHAPE, max_position_embeddings=128, rope_theta=500000.0,
                                                   rope_scaling=dict(rope_type="llama3", factor=8.0,
                                                                     low_freq_factor=1.0, high_freq_factor=4.0,
                                                                     original_max_position_embeddings=16)), 40),
    # Linear position interpolation.
    "llama-linear": (LlamaConfig, LlamaForCausalLM, dict(LLAMA_SHAPE, max_position_embeddings=64,
                                                         rope_scaling=dict(type="linear", factor=2.0)), 40),
    # Dynamic NTK: the base grows once a sequence passes max_position_embeddings (24).
    "llama-dynamic": (LlamaConfig, LlamaForCausalLM, dict(LLAMA_SHAPE, max_position_embeddings=24,
                                                          rope_scaling=dict(rope_type="dynamic", factor=2.0)), 40),
    # TinyLlama's shape in small: untied head, multi-query-ish GQA (4 heads over 1 key/value head).
    "tinyllama-untied": (LlamaConfig, LlamaForCausalLM, dict(LLAMA_SHAPE, num_key_value_heads=1,
                                                             max_position_embeddings=64,
                                                             tie_word_embeddings=False), 40),
    # Qwen2: q/k/v biases, tied embeddings, matrix padded past the tokenizer.
    "qwen2": (Qwen2Config, Qwen2ForCausalLM, dict(LLAMA_SHAPE, max_position_embeddings=64, rope_theta=1000000.0,
                                                  tie_word_embeddings=True, rms_norm_eps=1e-6), 40),
    # Mistral: head_dim given apart from hidden_size / heads, sliding window shorter than the long sequence.
    "mistral": (MistralConfig, MistralForCausalLM, dict(LLAMA_SHAPE, head_dim=24, max_position_embeddings=64,
                                                        sliding_window=12), 40),
    # Gemma: embeddings scaled by sqrt(hidden), (1 + w) RMSNorm, GeGLU, tied head, head_dim 16.
    "gemma": (GemmaConfig, GemmaForCausalLM, dict(LLAMA_SHAPE, head_dim=16, max_position_embeddings=64), 40),
    # Gemma 2: sandwich norms, soft-capped attention scores and logits (caps low enough to bite on random
    # weights), query_pre_attn_scalar apart from head_dim, sliding window on every other layer.
    "gemma2": (Gemma2Config, Gemma2ForCausalLM, dict(LLAMA_SHAPE, num_hidden_layers=3, head_dim=16,
                                                      max_position_embeddings=64, query_pre_attn_scalar=24,
                                                      attn_logit_softcapping=0.5, final_logit_softcapping=0.4,
                                                      sliding_window=12), 40),
}
# How some variants are saved: as another variant, but written differently.
SAVED_AS = {
    # bf16 weights on disk (as most Hub checkpoints now ship); transformers reads them back into float32.
    "llama3-bf16": ("llama3", dict(dtype=torch.bfloat16)),
    # Sharded: model.safetensors.index.json and several files.
    "tinyllama-sharded": ("tinyllama-untied", dict(max_shard_size="40KB")),
    # Tied, yet the file also holds an lm_head.weight of other values: transformers ties over it.
    "qwen2-ships-head": ("qwen2", dict(ship_head=True)),
}


def padded_batch(vocab_size, pad_id, seed):
    """Three sequences of lengths 9, 6 and 4, right-padded with pad_id; ids never equal the pad id."""
    generator = torch.Generator().manual_seed(seed)
    lengths = [9, 6, 4]
    ids = torch.full((len(lengths), max(lengths)), pad_id, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    for row, length in enumerate(lengths):
        ids[row, :length] = torch.randint(3, vocab_size, (length,), generator=generator)
        mask[row, :length] = 1
    return ids, mask


def make_model(variant, out):
    variant, saving = SAVED_AS.get(variant, (variant, {}))
    config_class, model_class, settings, long_length = VARIANTS[variant]
    torch.manual_seed(7)
    config = config_class(**settings, attn_implementation="eager")
    model = model_class(config).eval()
    # Random init leaves norms at one and biases at zero; draw them so a wrong placement cannot pass unnoticed.
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "norm" in name or "ln_" in name or name.endswith("bias"):
                parameter.add_(torch.randn_like(parameter) * 0.1)
    if "dtype" in saving:
        model = model.to(saving["dtype"])
    model.save_pretrained(f"{out}/model", safe_serialization=True, max_shard_size=saving.get("max_shard_size", "5GB"))
    if saving.get("ship_head"):
        weights = load_file(f"{out}/model/model.safetensors")
        weights["lm_head.weight"] = torch.randn_like(weights["model.embed_tokens.weight"])
        save_file(weights, f"{out}/model/model.safetensors", metadata={"format": "pt"})
    vocab_size = config.vocab_size
    pad_id = config.pad_token_id if config.pad_token_id is not None else 0
    ids, mask = padded_batch(vocab_size, pad_id, 11)
    long_ids = torch.randint(3, vocab_size, (1, long_length), generator=torch.Generator().manual_seed(13))
    with torch.no_grad():
        # The saved folder read back as a user would, in float32; a fresh model for each batch, because dynamic NTK
        # keeps the longest length it saw in the module's state.
        logits = load(model_class, out)(input_ids=ids, attention_mask=mask).logits
        long_logits = load(model_class, out)(input_ids=long_ids).logits
    save_file({"input_ids": ids, "attention_mask": mask, "logits": logits.contiguous(),
               "long_input_ids": long_ids, "long_logits": long_logits.contiguous()},
              f"{out}/expected.safetensors")


TEXT = [
    "The quick brown fox jumps over the lazy dog, and the dog sleeps on.",
    "Der schnelle braune Fuchs springt über den faulen Hund; der Hund schläft weiter.",
    "Tokenizers split numbers like 1234567 and 3.14159 in their own ways.",
    "Le renard brun rapide saute par-dessus le chien paresseux.",
    "They're, we've, I'll, you'd: contractions keep their apostrophes.",
] * 20
LLAMA3_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
CHAT_TEMPLATE = ("{% for message in messages %}<|start_header_id|>{{ message['role'] }}<|end_header_id|>\n\n"
                 "{{ message['content'] }}<|eot_id|>{% endfor %}")


def llama3_tokenizer():
    specials = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
    tokenizer = Tokenizer(models.BPE(ignore_merges=True))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(TEXT, trainers.BpeTrainer(vocab_size=420, show_progress=False,
                                                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = with_all_short_numbers(tokenizer)
    tokenizer.add_special_tokens(specials)
    bos = tokenizer.token_to_id("<|begin_of_text|>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|> $B",
        special_tokens=[("<|begin_of_text|>", bos)])
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token="<|begin_of_text|>",
                                   eos_token="<|eot_id|>", chat_template=CHAT_TEMPLATE)


def with_all_short_numbers(tokenizer):
    """As Llama 3's vocabulary: every digit string of 2 and 3 digits a token, its merges ranked first, so a group of
    up to 3 digits (the split pattern's \\p{N}{1,3}) always becomes one token."""
    document = json.loads(tokenizer.to_str())
    model = document["model"]
    vocab = model["vocab"]
    digit_merges = []
    for length in (2, 3):
        for number in range(10 ** length):
            text = str(number).zfill(length)
            if text not in vocab:
                vocab[text] = len(vocab)
            digit_merges.append([text[:-1], text[-1]])
            if length == 3:
                digit_merges.append([text[0], text[1:]])
    old = [m if isinstance(m, list) else m.split(" ") for m in model["merges"]]
    model["merges"] = digit_merges + [m for m in old if m not in digit_merges]
    return Tokenizer.from_str(json.dumps(document))


def llama2_tokenizer():
    byte_tokens = [f"<0x{i:02X}>" for i in range(256)]
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tokenizer.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    # Trained over words (a Metaspace split) so no merge spans a space; encoding then runs on the whole text, as
    # Llama 2's tokenizer.json has no pre-tokenizer.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="never")
    tokenizer.train_from_iterator(TEXT, trainers.BpeTrainer(vocab_size=700, show_progress=False,
                                                            special_tokens=["<unk>", "<s>", "</s>"] + byte_tokens))
    tokenizer.pre_tokenizer = None
    tokenizer.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                           decoders.Strip(" ", 1, 0)])
    bos = tokenizer.token_to_id("<s>")
    tokenizer.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                             special_tokens=[("<s>", bos)])
    # The byte tokens belong to the model's vocabulary, not to the added tokens (as in Llama 2's own file).
    document = json.loads(tokenizer.to_str())
    document["added_tokens"] = [t for t in document["added_tokens"] if t["content"] not in byte_tokens]
    tokenizer = Tokenizer.from_str(json.dumps(document))
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", unk_token="<unk>")


def make_tokenizer(kind, out):
    tokenizer = {"llama3": llama3_tokenizer, "llama2": llama2_tokenizer}[kind]()
    tokenizer.save_pretrained(out)


PROMPT = "The quick brown fox"
EVALUATED = ("Der schnelle braune Fuchs springt über den faulen Hund. The dog sleeps on, and they're here: 1234567, "
             "3.14159 — ünïcödé and 東京.")


def make_chat_model(out):
    tokenizer = llama3_tokenizer()
    torch.manual_seed(5)
    config = LlamaConfig(**dict(LLAMA_SHAPE, vocab_size=len(tokenizer) + 7, max_position_embeddings=64,
                                bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                                pad_token_id=None), attn_implementation="eager")
    LlamaForCausalLM(config).save_pretrained(f"{out}/model")
    tokenizer.save_pretrained(f"{out}/model")
    model = load(LlamaForCausalLM, out)
    prompt = tokenizer(PROMPT, return_tensors="pt", return_token_type_ids=False)
    padding = list(range(len(tokenizer), config.vocab_size))
    with torch.no_grad():
        generated = model.generate(**prompt, max_new_tokens=12, do_sample=False, suppress_tokens=padding,
                                   pad_token_id=tokenizer.eos_token_id)
        ids = tokenizer(EVALUATED)["input_ids"]
        window, nats, predicted = 16, 0.0, 0
        for start in range(0, len(ids) - 1, window - 1):
            chunk = torch.tensor([ids[start:start + window]])
            loss = model(input_ids=chunk, labels=chunk).loss  # mean over the chunk's predicted tokens
            nats += loss.item() * (chunk.shape[1] - 1)
            predicted += chunk.shape[1] - 1
    with open(f"{out}/expected.json", "w") as file:
        json.dump({"rows": config.vocab_size, "tokens": len(tokenizer), "prompt": PROMPT, "new_ids": generated[0, prompt["input_ids"].shape[1]:].tolist(),
                   "text": EVALUATED, "window": window, "nats": nats, "predicted": predicted,
                   "bytes": len(EVALUATED.encode("utf-8"))}, file)


def adapters_embeddings(model_folder, new_tokenizer, out):
    import adapters
    from transformers import AutoTokenizer
    model = LlamaForCausalLM.from_pretrained(model_folder, attn_implementation="eager").eval()
    adapters.init(model)
    new = AutoTokenizer.from_pretrained(new_tokenizer)
    model.add_embeddings("new", new, reference_embedding="default",
                         reference_tokenizer=AutoTokenizer.from_pretrained(model_folder))
    model.save_embeddings(f"{out}/embedding", "new", tokenizer=new)
    ids = torch.randint(3, len(new), (2, 7), generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        hidden = model.model(input_ids=ids).last_hidden_state
    save_file({"input_ids": ids, "last_hidden_state": hidden.contiguous()}, f"{out}/expected.safetensors")


def adapters_hidden_states(model_folder, embedding, ids_file, out):
    import adapters
    model = LlamaForCausalLM.from_pretrained(model_folder, attn_implementation="eager").eval()
    adapters.init(model)
    model.load_embeddings(embedding, "ours")
    ids = load_file(ids_file)["input_ids"]
    with torch.no_grad():
        hidden = model.model(input_ids=ids).last_hidden_state
    save_file({"last_hidden_state": hidden.contiguous()}, out)


def hf_logits(folder, ids_file, text, out):
    from transformers import AutoModelForCausalLM, AutoTokenizer
    model = AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager", dtype=torch.float32).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    batch = load_file(ids_file)
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    save_file({"logits": logits.contiguous()}, f"{out}.safetensors")
    chat = (tokenizer.apply_chat_template([{"role": "user", "content": text}], tokenize=False)
            if tokenizer.chat_template else "")
    with open(f"{out}.json", "w") as file:
        json.dump({"tokens": len(tokenizer), "ids": tokenizer(text)["input_ids"], "vocab_size": model.config.vocab_size,
                   "bos_token_id": model.config.bos_token_id, "eos_token_id": model.config.eos_token_id,
                   "chat": chat}, file)


def load(model_class, out):
    return model_class.from_pretrained(f"{out}/model", attn_implementation="eager", dtype=torch.float32).eval()


def main(argv):
    command = argv[1]
    if command == "model":
        make_model(argv[2], argv[3])
    elif command == "chat-model":
        make_chat_model(argv[2])
    elif command == "adapters-embeddings":
        adapters_embeddings(argv[2], argv[3], argv[4])
    elif command == "adapters-hidden-states":
        adapters_hidden_states(argv[2], argv[3], argv[4], argv[5])
    elif command == "hf-logits":
        hf_logits(argv[2], argv[3], argv[4], argv[5])
    elif command == "tokenizer":
        make_tokenizer(argv[2], argv[3])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
