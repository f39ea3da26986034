"""Bottleneck adapters on decoder models, made and run by AdapterHub adapters itself, for the Java tests.

Run with the interop environment's python. Models come from decoder_models.py (transformers' own classes, eager
attention, fp32); every figure here is adapters' + transformers' forward pass.

  adapted VARIANT CONFIG OUT
      decoder_models.py's random VARIANT saved into OUT/model (with its OUT/expected.safetensors batch), then
      adapters.init + add_adapter("lang", config=CONFIG) ("seq_bn", "double_seq_bn"), its weights redrawn with
      std 0.2 so the adapter changes the output noticeably, save_adapter(OUT/adapter, "lang"); OUT/adapted.safetensors
      holds the padded batch's logits with "lang" active.

  adapter-logits MODEL ADAPTER IDS OUT
      load_adapter(ADAPTER) on the causal LM in MODEL, made active; for IDS (a safetensors file with input_ids and
      attention_mask, right-padded) OUT gets the logits and, as "loss", the model's own causal-LM loss with
      labels = input_ids where the mask is 1 and -100 elsewhere (transformers shifts them).
"""
import os
import sys

import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import decoder_models  # noqa: E402


def load_causal_lm(folder):
    return AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager", dtype=torch.float32).eval()


def adapted(variant, config, out):
    import adapters
    decoder_models.make_model(variant, out)
    model = load_causal_lm(f"{out}/model")
    adapters.init(model)
    model.add_adapter("lang", config=config)
    torch.manual_seed(17)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if ".adapters.lang." in name:
                parameter.copy_(torch.randn_like(parameter) * 0.2)
    model.set_active_adapters("lang")
    model.save_adapter(f"{out}/adapter", "lang")
    batch = load_file(f"{out}/expected.safetensors")
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    save_file({"logits": logits.contiguous()}, f"{out}/adapted.safetensors")


def adapter_logits(model_folder, adapter, ids_file, out):
    import adapters
    model = load_causal_lm(model_folder)
    adapters.init(model)
    name = model.load_adapter(adapter, set_active=True)
    model.set_active_adapters(name)
    batch = load_file(ids_file)
    ids, mask = batch["input_ids"], batch["attention_mask"]
    labels = torch.where(mask == 1, ids, torch.full_like(ids, -100))
    with torch.no_grad():
        output = model(input_ids=ids, attention_mask=mask, labels=labels)
    save_file({"logits": output.logits.contiguous(), "loss": output.loss.reshape(1)}, out)


def main(argv):
    command = argv[1]
    if command == "adapted":
        adapted(argv[2], argv[3], argv[4])
    elif command == "adapter-logits":
        adapter_logits(argv[2], argv[3], argv[4], argv[5])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
