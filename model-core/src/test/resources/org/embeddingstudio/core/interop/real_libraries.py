"""The real AdapterHub `adapters` and Hugging Face `transformers`, driven for the Java interop tests.

Run with the interop environment's python (../shared/tools/python-interop-env prints it). Every command writes
safetensors files (inputs and outputs) that the Java side compares with its own; nothing here re-implements the
libraries: every figure comes from their own classes.

  model ARCH OUT
      A random {Bert,Roberta,XLMRoberta}ForMaskedLM made by transformers from a small config (seeded), saved with
      save_pretrained into OUT/model; OUT/expected.safetensors holds a padded batch (input_ids, token_type_ids,
      attention_mask), the base model's last_hidden_state and the masked-LM logits, in eval mode.

  adapters-make BASE BASE_VOCAB NEW_VOCAB OUT
      adapters' own workflow on the model folder BASE: add_embeddings("new", NEW, "default", BASE tokenizer),
      add_adapter("a", seq_bn), add_classification_head("a", 3 labels), train_adapter("a", train_embeddings=True),
      a few AdamW steps; then save_embeddings(OUT/embedding, "new", tokenizer) and save_adapter(OUT/adapter, "a")
      (with its head), as a user would. OUT/expected.safetensors: a batch of new-vocabulary ids and the outputs in
      eval mode (last_hidden_state, logits).

  adapters-load BASE EMBEDDING ADAPTER INPUTS OUT
      AutoAdapterModel.from_pretrained(BASE), load_embeddings(EMBEDDING, "new"), load_adapter(ADAPTER) with its head,
      set_active_adapters, its head active: the outputs for INPUTS' batch go to OUT (last_hidden_state, logits), and the vocabulary of
      the tokenizer load_embeddings returned to OUT.vocab.txt (one token a line, by id).

  train-steps BASE BEFORE AFTER BATCH LR WEIGHT_DECAY MAX_GRAD_NORM STEPS
      BEFORE and AFTER each hold embedding/ and adapter/ (with a classification head) saved by us before and after
      STEPS training steps on BATCH. adapters loads BEFORE, train_adapter("a", train_embeddings=True), and takes the
      same steps as transformers' Trainer would (AdamW without decay for biases and LayerNorm weights, linear
      schedule, clip_grad_norm_); then every parameter is compared with AFTER's. Prints a JSON object: the largest
      difference, how far training moved the parameters, and the names of the parameters that trained.

  encode MODEL SENTENCES OUT
      transformers' AutoTokenizer and AutoModel from the folder MODEL (as a researcher would open an exported
      model): the sentences of the file SENTENCES (one a line) encoded as one padded batch, and the model's
      last_hidden_state and mean-pooled sentence vectors (sentence-transformers' pooling) for it, into OUT.

  vocab-ids FOLDER SENTENCES
      transformers' AutoTokenizer.from_pretrained(FOLDER): prints one JSON line with get_vocab() and the input_ids of
      each sentence of the file SENTENCES (one a line).

  copied-rows BASE BASE_VOCAB NEW_VOCAB OUT
      Which rows add_embeddings copies, found with adapters itself: the same seed draws the embedding once with the
      reference and once without; rows that differ are the copied ones. OUT: new (the embedding with the reference)
      and copied (1 where a row was copied).
"""
import json
import sys

import torch
from safetensors.torch import load_file, save_file
from transformers import (BertConfig, BertForMaskedLM, BertTokenizerFast, RobertaConfig, RobertaForMaskedLM,
                          XLMRobertaConfig, XLMRobertaForMaskedLM)


from adapters import AutoAdapterModel

SMALL = dict(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
             max_position_embeddings=64, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
FAMILIES = {
    "bert": (BertConfig, BertForMaskedLM, 0),
    "roberta": (RobertaConfig, RobertaForMaskedLM, 1),
    "xlm-roberta": (XLMRobertaConfig, XLMRobertaForMaskedLM, 1),
}


def padded_batch(vocab_size, pad_id, seed, special_ids=()):
    """Three sequences of lengths 9, 6 and 4, padded with pad_id; ids avoid the pad id and special ids."""
    generator = torch.Generator().manual_seed(seed)
    lengths = [9, 6, 4]
    ids = torch.full((len(lengths), max(lengths)), pad_id, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    allowed = torch.tensor([i for i in range(vocab_size) if i != pad_id and i not in special_ids])
    for row, length in enumerate(lengths):
        picks = torch.randint(0, len(allowed), (length,), generator=generator)
        ids[row, :length] = allowed[picks]
        mask[row, :length] = 1
    return {"input_ids": ids, "token_type_ids": torch.zeros_like(ids), "attention_mask": mask}


def make_model(family, out):
    config_class, model_class, pad_id = FAMILIES[family]
    torch.manual_seed(1234)
    extra = {} if family == "bert" else dict(pad_token_id=1, bos_token_id=0, eos_token_id=2, type_vocab_size=1,
                                            max_position_embeddings=66)
    model = model_class(config_class(**{**SMALL, **extra}))
    # A random BertForMaskedLM ties its decoder to the word embeddings; give the head's own parts some spread so a
    # wrong transform, bias or tie shows in the logits.
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "LayerNorm" in name or "layer_norm" in name or name.endswith("bias"):
                parameter.add_(torch.randn_like(parameter) * 0.1)
    model.eval()
    model.save_pretrained(f"{out}/model")
    batch = padded_batch(SMALL["vocab_size"], pad_id, 5, special_ids=(0, 1, 2))
    with torch.no_grad():
        output = model(**batch, output_hidden_states=True)
    save_file({**batch, "last_hidden_state": output.hidden_states[-1].contiguous(),
               "mlm_logits": output.logits.contiguous()}, f"{out}/expected.safetensors")


def tokenizer(vocab_file):
    return BertTokenizerFast(vocab_file=vocab_file, do_lower_case=True)


def outputs(model, batch):
    model.eval()
    with torch.no_grad():
        base = model.base_model(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"],
                                attention_mask=batch["attention_mask"])
        logits = model(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"],
                       attention_mask=batch["attention_mask"]).logits
    return {"last_hidden_state": base.last_hidden_state.contiguous(), "logits": logits.contiguous()}


def adapters_make(base, base_vocab, new_vocab, out):
    torch.manual_seed(99)
    model = AutoAdapterModel.from_pretrained(base)
    reference, new = tokenizer(base_vocab), tokenizer(new_vocab)
    model.add_embeddings("new", new, "default", reference)
    model.add_adapter("a", config="seq_bn")
    model.add_classification_head("a", num_labels=3)
    model.train_adapter("a", train_embeddings=True)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    for step in range(4):
        batch = padded_batch(len(new), new.pad_token_id, 100 + step)
        labels = torch.tensor([step % 3, (step + 1) % 3, (step + 2) % 3])
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.save_embeddings(f"{out}/embedding", "new", new)
    model.save_adapter(f"{out}/adapter", "a")
    batch = padded_batch(len(new), new.pad_token_id, 7)
    save_file({**batch, **outputs(model, batch)}, f"{out}/expected.safetensors")


def adapters_load(base, embedding, adapter, inputs, out):
    model = AutoAdapterModel.from_pretrained(base)
    loaded_tokenizer = model.load_embeddings(embedding, "new")
    name = model.load_adapter(adapter)
    model.set_active_adapters(name)
    with open(f"{adapter}/head_config.json", encoding="utf-8") as f:
        model.active_head = json.load(f)["name"]
    batch = load_file(inputs)
    save_file(outputs(model, batch), out)
    vocab = loaded_tokenizer.get_vocab()
    with open(out + ".vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(vocab, key=vocab.get)) + "\n")
    print(f"active embeddings {model.active_embeddings}, adapter {name}, active head {model.active_head}")


def load_saved(base, folder):
    torch.manual_seed(0)  # what the checkpoint lacks (a pooler) is drawn alike in every model loaded here
    model = AutoAdapterModel.from_pretrained(base)
    model.load_embeddings(f"{folder}/embedding", "new")
    model.set_active_adapters(model.load_adapter(f"{folder}/adapter"))
    return model


def train_steps(base, before, after, batch, lr, weight_decay, max_grad_norm, steps):
    from transformers import get_linear_schedule_with_warmup
    from transformers.trainer_pt_utils import get_parameter_names
    lr, weight_decay, max_grad_norm, steps = float(lr), float(weight_decay), float(max_grad_norm), int(steps)
    model = load_saved(base, before)
    model.train_adapter("a", train_embeddings=True)
    start = {name: p.detach().clone() for name, p in model.named_parameters()}
    trainable = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    # Trainer.get_decay_parameter_names: everything but biases and LayerNorm weights decays.
    decaying = {n for n in get_parameter_names(model, [torch.nn.LayerNorm]) if "bias" not in n}
    optimizer = torch.optim.AdamW([
        {"params": [p for n, p in trainable if n in decaying], "weight_decay": weight_decay},
        {"params": [p for n, p in trainable if n not in decaying], "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.999),
        eps=1e-8)
    schedule = get_linear_schedule_with_warmup(optimizer, 0, steps)
    inputs = load_file(batch)
    for _ in range(steps):
        loss = model(input_ids=inputs["input_ids"], token_type_ids=inputs["token_type_ids"],
                     attention_mask=inputs["attention_mask"], labels=inputs["labels"]).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for _, p in trainable], max_grad_norm)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
    ours = dict(load_saved(base, after).named_parameters())
    differences = {n: (p.detach() - ours[n].detach()).abs().max().item() for n, p in model.named_parameters()}
    worst = max(differences, key=differences.get)
    moved = max((p.detach() - start[n]).abs().max().item() for n, p in model.named_parameters())
    print(json.dumps({"max_difference": differences[worst], "worst": worst, "max_moved": moved,
                      "differences": {n: d for n, d in differences.items() if d > 0},
                      "trained": sorted(n for n, _ in trainable)}))


def encode(model_folder, sentences, out):
    from transformers import AutoModel, AutoTokenizer
    with open(sentences, encoding="utf-8") as f:
        lines = f.read().splitlines()
    batch = AutoTokenizer.from_pretrained(model_folder)(lines, padding=True, return_tensors="pt")
    model = AutoModel.from_pretrained(model_folder).eval()
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    save_file({**{k: v.contiguous() for k, v in batch.items()}, "last_hidden_state": hidden.contiguous(),
               "mean_pooled": pooled.contiguous()}, out)


def vocab_ids(folder, sentences):
    from transformers import AutoTokenizer
    with open(sentences, encoding="utf-8") as f:
        lines = f.read().splitlines()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    print(json.dumps({"vocab": tokenizer.get_vocab(), "ids": [tokenizer(line).input_ids for line in lines]}))


def copied_rows(base, base_vocab, new_vocab, out):
    model = AutoAdapterModel.from_pretrained(base)
    reference, new = tokenizer(base_vocab), tokenizer(new_vocab)
    torch.manual_seed(42)
    model.add_embeddings("new", new, "default", reference)
    torch.manual_seed(42)
    model.add_embeddings("plain", new)
    with_reference = model.loaded_embeddings["new"].weight.detach()
    without = model.loaded_embeddings["plain"].weight.detach()
    copied = (with_reference != without).any(dim=1).to(torch.int64)
    save_file({"new": with_reference.contiguous(), "copied": copied}, out)


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"model": make_model, "adapters-make": adapters_make, "adapters-load": adapters_load,
     "train-steps": train_steps, "encode": encode, "copied-rows": copied_rows, "vocab-ids": vocab_ids}[command](
        *arguments)
