#!/usr/bin/python3
"""Builds the seed inputs of the fuzz targets from real files (run from model-core; needs torch and the fixtures).

Real tokenizers are cut down to a few hundred tokens, keeping their normalizers, pre-tokenizers, post-processors
and special tokens, so that a seed stays a few kilobytes and the fuzzer mutates what matters. Seeds are written
where Jazzer looks for them: src/test/resources/<package>/<TestClass>Inputs/<method>/.
"""
import io, json, os, shutil, sys, zipfile
import torch

FIXTURES = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/fixtures"
RES = "src/test/resources/org/embeddingstudio/core"
REF = "src/test/resources/reference"


def seeds(package, test, method):
    folder = os.path.join(RES, package, test + "Inputs", method)
    os.makedirs(folder, exist_ok=True)
    return folder


def put(folder, name, data):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def read(path):
    with open(path, "rb") as f:
        return f.read()


# --- tensor files -------------------------------------------------------------------------------------------------
st = seeds("io", "TensorFilesFuzzTest", "safetensorsFile")
put(st, "adapter-seq_bn.safetensors", read(f"{REF}/adapter-seq_bn/adapter.safetensors"))
put(st, "adapter-double_seq_bn.safetensors", read(f"{REF}/adapter-double_seq_bn/adapter.safetensors"))
put(st, "expected_adapters.safetensors", read(f"{REF}/expected_adapters.safetensors"))

torch.manual_seed(0)
pt = seeds("io", "TensorFilesFuzzTest", "torchFile")
pickles = seeds("io", "TensorFilesFuzzTest", "restrictedUnpickler")


def torch_bytes(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


saved = {
    "embedding.pt": torch.randn(6, 4),
    "embedding-parameter.pt": torch.nn.Parameter(torch.randn(5, 3)),
    "pytorch_model.bin": {"embeddings.word_embeddings.weight": torch.randn(4, 2),
                          "encoder.dense.weight": torch.randn(3, 2).t(),  # a strided view
                          "encoder.dense.bias": torch.zeros(3, dtype=torch.float16),
                          "encoder.count": torch.tensor(7, dtype=torch.int64)},
    "tied.bin": (lambda shared: {"a": shared, "b": shared[1:]})(torch.arange(6, dtype=torch.float32)),
}
for name, obj in saved.items():
    data = torch_bytes(obj)
    put(pt, name, data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pkl = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        put(pickles, name + ".data.pkl", archive.read(pkl))
for name in ["torch113_state_dict.pt", "torch113_module_state_dict.pt"]:
    put(pt, name, read(f"{RES}/io/{name}"))
for name in ["torch113_tensor.pkl", "torch113_parameter.pkl", "torch113_state_dict.pkl"]:
    put(pickles, name, read(f"{RES}/io/{name}"))

# --- tokenizers ---------------------------------------------------------------------------------------------------
KEEP = 300


def cut_wordpiece(document):
    model = document["model"]
    specials = {t["content"] for t in document["added_tokens"]}
    kept = [t for t, i in sorted(model["vocab"].items(), key=lambda e: e[1]) if i < KEEP or t in specials]
    kept += [t for t in ["un", "##aff", "##able", "hello", "world", "##s", "token"] if t not in kept]
    model["vocab"] = {t: i for i, t in enumerate(kept)}
    for token in document["added_tokens"]:
        token["id"] = model["vocab"][token["content"]]
    fix_post_processor(document, model["vocab"])
    return document


def fix_post_processor(document, vocab):
    processor = document.get("post_processor") or {}
    for processor in processor.get("processors", [processor]):
        for special in (processor.get("special_tokens") or {}).values():
            special["ids"] = [vocab[t] for t in special["tokens"]]
        for key in ("sep", "cls"):
            if key in processor:
                processor[key][1] = vocab[processor[key][0]]


def cut_bpe(vocab, merges, added):
    tokens = sorted(vocab.items(), key=lambda e: e[1])
    specials = {t["content"] for t in added}
    kept = {t for t, i in tokens[:KEEP]} | {t for t in vocab if t in specials}
    kept_merges = []
    for merge in merges:
        left, right = merge.split(" ") if isinstance(merge, str) else merge
        if left in kept and right in kept and len(kept_merges) < KEEP:
            kept.add(left + right)
            kept_merges.append(merge)
    ordered = [t for t, _ in tokens if t in kept]
    new_vocab = {t: i for i, t in enumerate(ordered)}
    base = len(new_vocab)
    for token in added:
        if token["content"] in new_vocab:
            token["id"] = new_vocab[token["content"]]
        else:
            token["id"] = base
            base += 1
    return new_vocab, kept_merges


tj = seeds("tokenizer", "TokenizerFilesFuzzTest", "tokenizerJson")
bert = json.load(open(f"{FIXTURES}/bert-base-uncased/tokenizer.json"))
put(tj, "bert-base-uncased.json", json.dumps(cut_wordpiece(bert), ensure_ascii=False))

clip = json.load(open(f"{FIXTURES}/clip-bpe/tokenizer.json"))
clip["added_tokens"] = clip["added_tokens"][:3]
clip["model"]["vocab"], clip["model"]["merges"] = cut_bpe(clip["model"]["vocab"], clip["model"]["merges"],
                                                          clip["added_tokens"])
clip_vocab = dict(clip["model"]["vocab"])
clip_vocab.update({t["content"]: t["id"] for t in clip["added_tokens"]})
fix_post_processor(clip, clip_vocab)
put(tj, "clip-bpe.json", json.dumps(clip, ensure_ascii=False))

t5 = json.load(open(f"{FIXTURES}/t5-sentencepiece/tokenizer.json"))
pieces = t5["model"]["vocab"][:KEEP]
t5["model"]["vocab"] = pieces
t5["added_tokens"] = [t for t in t5["added_tokens"] if t["id"] < KEEP]
ids = {p[0]: i for i, p in enumerate(pieces)}
fix_post_processor(t5, ids)
t5_plain = json.loads(json.dumps(t5))
t5_plain["normalizer"] = None  # the precompiled charsmap alone is ~240 kB; one seed keeps it, cut short
put(tj, "t5-unigram.json", json.dumps(t5_plain, ensure_ascii=False))
put(tj, "t5-unigram-precompiled.json", json.dumps(t5, ensure_ascii=False))

vt = seeds("tokenizer", "TokenizerFilesFuzzTest", "vocabTxt")
for name in ["bert-base-uncased", "sibert"]:
    lines = read(f"{FIXTURES}/{name}/vocab.txt").decode("utf-8").split("\n")
    keep = lines[:KEEP] + [l for l in lines[KEEP:] if l.startswith("##")][:50] + [l for l in lines[KEEP:] if l and not l.startswith("##")][1000:1100]
    put(vt, name + "-vocab.txt", "\n".join(keep) + "\n")

bpe = seeds("tokenizer", "TokenizerFilesFuzzTest", "vocabJsonAndMerges")
vocab = json.load(open(f"{FIXTURES}/clip-bpe/vocab.json"))
merges = [l for l in read(f"{FIXTURES}/clip-bpe/merges.txt").decode("utf-8").split("\n")[1:] if l]
cut_vocab, cut_merges = cut_bpe(vocab, merges, [])
put(bpe, "clip-bpe", json.dumps(cut_vocab, ensure_ascii=False).encode("utf-8") + b"\0"
    + ("#version: 0.2\n" + "\n".join(cut_merges) + "\n").encode("utf-8"))

# --- configs, adapters, datasets ----------------------------------------------------------------------------------
cj = seeds("transformer", "ModelConfigFuzzTest", "configJson")
put(cj, "tiny-bert.json", read(f"{REF}/tiny-bert/config.json"))
put(cj, "tiny-roberta.json", read(f"{REF}/tiny-roberta/config.json"))
put(cj, "sibert.json", read(f"{FIXTURES}/sibert/config.json"))

ac = seeds("model", "AdapterConfigFuzzTest", "adapterConfig")
put(ac, "seq_bn.json", read(f"{REF}/adapter-seq_bn/adapter_config.json"))
put(ac, "double_seq_bn.json", read(f"{REF}/adapter-double_seq_bn/adapter_config.json"))

ds = seeds("training", "DatasetFilesFuzzTest", "trainingDataset")
mrpc = read(f"{FIXTURES}/datasets/mrpc_sample.tsv").split(b"\n")[:12]
put(ds, "mrpc.tsv", b"\x01" + b"\n".join(mrpc) + b"\n")
put(ds, "sst.csv", b"\x00" + 'sentence,label\n"a gripping, ""funny"" film",1\nflat and dull,0\n'.encode("utf-8"))
put(ds, "pairs.jsonl", b"\x02" + '{"text": "Er kommt.", "text_pair": "He comes.", "label": "yes"}\n'
    '{"text": "Sie geht.", "text_pair": "It rains.", "label": "no"}\n'.encode("utf-8"))
