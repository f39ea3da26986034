"""Writes the PyTorch reference outputs that the Java forward pass is tested against.

Run with Debian's python3-torch (no transformers needed):
    /usr/bin/python3 model-core/src/test/python/make_reference.py model-core/src/test/resources/reference

For each architecture it draws a tiny randomly initialised model, saves it as a Hugging Face folder
(config.json + model.safetensors, with Hugging Face parameter names), and saves inputs and outputs
(last hidden states, pooled output, masked-LM logits) to expected.safetensors. The forward pass below
follows transformers' modeling_bert.py / modeling_roberta.py line by line (eval mode: no dropout).
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    names = {torch.float32: "F32", torch.int64: "I64"}
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def layer_norm(x, p, name, eps):
    return F.layer_norm(x, x.shape[-1:], p[name + ".weight"], p[name + ".bias"], eps)


def linear(x, p, name):
    return F.linear(x, p[name + ".weight"], p[name + ".bias"])


def bottleneck(kind, p, name, h, inp, ln):
    """adapters' Adapter.pre_forward / forward / post_forward for SeqBnConfig and DoubleSeqBnConfig."""
    residual = h  # residual_before_ln=True
    x = ln(h + inp) if kind == "seq_bn" else h  # original_ln_before
    act = F.relu if kind == "seq_bn" else F.silu
    up = linear(act(linear(x, p, name + "adapter_down.0")), p, name + "adapter_up")
    return ln(up + residual + inp)  # adapter output + residual, then original_ln_after with the sub-block input


def forward(cfg, p, prefix, ids, types, mask, adapter=None):
    eps = cfg["layer_norm_eps"]
    b, t = ids.shape
    if cfg["model_type"] == "bert":
        pos = torch.arange(t).unsqueeze(0).expand(b, t)
    else:  # RoBERTa: positions count non-padding tokens, starting after padding_idx
        pad = cfg["pad_token_id"]
        not_pad = ids.ne(pad).int()
        pos = (torch.cumsum(not_pad, dim=1).type_as(not_pad) * not_pad).long() + pad
    e = prefix + "embeddings."
    x = p[e + "word_embeddings.weight"][ids] + p[e + "position_embeddings.weight"][pos] \
        + p[e + "token_type_embeddings.weight"][types]
    x = layer_norm(x, p, e + "LayerNorm", eps)
    heads = cfg["num_attention_heads"]
    d = cfg["hidden_size"] // heads
    ext = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(cfg["num_hidden_layers"]):
        L = f"{prefix}encoder.layer.{i}."

        def split(y):
            return y.view(b, t, heads, d).permute(0, 2, 1, 3)

        q = split(linear(x, p, L + "attention.self.query"))
        k = split(linear(x, p, L + "attention.self.key"))
        v = split(linear(x, p, L + "attention.self.value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + ext
        ctx = (scores.softmax(-1) @ v).permute(0, 2, 1, 3).reshape(b, t, heads * d)
        attn = linear(ctx, p, L + "attention.output.dense")
        ln_attn = lambda y, L=L: layer_norm(y, p, L + "attention.output.LayerNorm", eps)
        if adapter is not None and adapter[0] == "double_seq_bn":
            x = bottleneck(adapter[0], p, L + "attention.output.adapters." + adapter[1] + ".", attn, x, ln_attn)
        else:
            x = ln_attn(attn + x)
        h = F.gelu(linear(x, p, L + "intermediate.dense"))
        out = linear(h, p, L + "output.dense")
        ln_out = lambda y, L=L: layer_norm(y, p, L + "output.LayerNorm", eps)
        if adapter is not None:
            x = bottleneck(adapter[0], p, L + "output.adapters." + adapter[1] + ".", out, x, ln_out)
        else:
            x = ln_out(out + x)
    pooled = torch.tanh(linear(x[:, 0], p, prefix + "pooler.dense"))
    if cfg["model_type"] == "bert":
        hd = "cls.predictions."
        y = layer_norm(F.gelu(linear(x, p, hd + "transform.dense")), p, hd + "transform.LayerNorm", eps)
        logits = y @ p[e + "word_embeddings.weight"].T + p[hd + "bias"]
    else:
        y = layer_norm(F.gelu(linear(x, p, "lm_head.dense")), p, "lm_head.layer_norm", eps)
        logits = y @ p[e + "word_embeddings.weight"].T + p["lm_head.bias"]
    return x, pooled, logits


def make(out, model_type, seed):
    torch.manual_seed(seed)
    cfg = {
        "model_type": model_type, "vocab_size": 99, "hidden_size": 32, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 37, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "max_position_embeddings": 64, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "pad_token_id": 0 if model_type == "bert" else 1,
        "initializer_range": 0.02,
        "architectures": ["BertForMaskedLM" if model_type == "bert" else "RobertaForMaskedLM"],
    }
    if model_type != "bert":
        cfg.update({"type_vocab_size": 1, "layer_norm_eps": 1e-5, "bos_token_id": 0, "eos_token_id": 2})
    prefix = "bert." if model_type == "bert" else "roberta."
    h, it, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    shapes = {
        prefix + "embeddings.word_embeddings.weight": (v, h),
        prefix + "embeddings.position_embeddings.weight": (cfg["max_position_embeddings"], h),
        prefix + "embeddings.token_type_embeddings.weight": (cfg["type_vocab_size"], h),
        prefix + "embeddings.LayerNorm.weight": (h,), prefix + "embeddings.LayerNorm.bias": (h,),
        prefix + "pooler.dense.weight": (h, h), prefix + "pooler.dense.bias": (h,),
    }
    for i in range(cfg["num_hidden_layers"]):
        L = f"{prefix}encoder.layer.{i}."
        for n in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            shapes[L + n + ".weight"], shapes[L + n + ".bias"] = (h, h), (h,)
        shapes[L + "intermediate.dense.weight"], shapes[L + "intermediate.dense.bias"] = (it, h), (it,)
        shapes[L + "output.dense.weight"], shapes[L + "output.dense.bias"] = (h, it), (h,)
        for n in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[L + n + ".weight"], shapes[L + n + ".bias"] = (h,), (h,)
    head = "cls.predictions." if model_type == "bert" else "lm_head."
    ln = "transform.LayerNorm" if model_type == "bert" else "layer_norm"
    dense = "transform.dense" if model_type == "bert" else "dense"
    shapes.update({head + dense + ".weight": (h, h), head + dense + ".bias": (h,),
                   head + ln + ".weight": (h,), head + ln + ".bias": (h,), head + "bias": (v,)})
    # Non-trivial values everywhere (not HF's init: LayerNorm 1/0 and zero biases would hide mistakes).
    p = {n: torch.randn(s) * (0.02 if len(s) == 2 else 0.1) + (1.0 if "LayerNorm" in n or "layer_norm" in n else 0)
         for n, s in shapes.items() if n.endswith("weight") or len(s) == 1}
    for n, s in shapes.items():
        if n not in p:
            p[n] = torch.randn(s) * 0.1
    ids = torch.tensor([[cfg["pad_token_id"] + 1, 5, 17, 42, 98, 3, 7, 2],
                        [cfg["pad_token_id"] + 1, 9, 64, 33, 2, cfg["pad_token_id"], cfg["pad_token_id"], cfg["pad_token_id"]]])
    mask = (ids != cfg["pad_token_id"]).long()
    types = torch.zeros_like(ids)
    if model_type == "bert":
        types[0, 4:] = 1
    with torch.no_grad():
        hidden, pooled, logits = forward(cfg, p, prefix, ids, types, mask)
    folder = os.path.join(out, "tiny-" + model_type)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(folder, "model.safetensors"), p)
    if model_type == "bert":
        write_adapters(out, cfg, p, prefix, ids, types, mask)
    write_safetensors(os.path.join(folder, "expected.safetensors"), {
        "input_ids": ids, "attention_mask": mask, "token_type_ids": types,
        "last_hidden_state": hidden, "pooler_output": pooled, "mlm_logits": logits})


def bn_config(kind):
    """The BnConfig dictionary adapters writes into adapter_config.json."""
    seq = kind == "seq_bn"
    return {"adapter_residual_before_ln": False, "cross_adapter": False, "dropout": 0.0, "factorized_phm_W": True,
            "factorized_phm_rule": False, "hypercomplex_nonlinearity": "glorot-uniform", "init_weights": "bert",
            "init_weights_seed": None, "inv_adapter": None, "inv_adapter_reduction_factor": None,
            "is_parallel": False, "learn_phm": True, "leave_out": [], "ln_after": False, "ln_before": False,
            "mh_adapter": not seq, "non_linearity": "relu" if seq else "swish", "original_ln_after": True,
            "original_ln_before": seq, "output_adapter": True, "phm_bias": True, "phm_c_init": "normal",
            "phm_dim": 4, "phm_init_range": 0.0001, "phm_layer": False, "phm_rank": 1, "reduction_factor": 16,
            "residual_before_ln": True, "scaling": 1.0, "shared_W_phm": False, "shared_phm_rule": True,
            "stochastic_depth": 0.0, "use_gating": False}


def write_adapters(out, cfg, p, prefix, ids, types, mask):
    """A SeqBn and a DoubleSeqBn adapter in adapters' folder layout, and the hidden states with each active."""
    h, b = cfg["hidden_size"], cfg["hidden_size"] // 16
    expected = {}
    for kind in ("seq_bn", "double_seq_bn"):
        name = "lang_" + kind
        weights = {}
        places = ["output"] + (["attention.output"] if kind == "double_seq_bn" else [])
        for i in range(cfg["num_hidden_layers"]):
            for place in places:
                a = f"{prefix}encoder.layer.{i}.{place}.adapters.{name}."
                weights[a + "adapter_down.0.weight"] = torch.randn(b, h) * 0.2
                weights[a + "adapter_down.0.bias"] = torch.randn(b) * 0.1
                weights[a + "adapter_up.weight"] = torch.randn(h, b) * 0.2
                weights[a + "adapter_up.bias"] = torch.randn(h) * 0.1
        with torch.no_grad():
            hidden, _, _ = forward(cfg, {**p, **weights}, prefix, ids, types, mask, (kind, name))
        expected["hidden_" + kind] = hidden
        folder = os.path.join(out, "adapter-" + kind)
        os.makedirs(folder, exist_ok=True)
        write_safetensors(os.path.join(folder, "adapter.safetensors"), weights)
        with open(os.path.join(folder, "adapter_config.json"), "w") as f:
            json.dump({"config": bn_config(kind), "hidden_size": h, "model_class": "BertAdapterModel",
                       "model_name": "tiny-bert", "model_type": "bert", "name": name,
                       "version": "adapters.1.2.0"}, f, indent=2)
    write_safetensors(os.path.join(out, "expected_adapters.safetensors"), expected)


if __name__ == "__main__":
    make(sys.argv[1], "bert", 1234)
    make(sys.argv[1], "roberta", 4321)
