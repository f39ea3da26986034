"""PyTorch side of the interop tests (run with a python that has torch).

  probe                      print the torch version (exit 0 if torch imports)
  save DIR                   torch.save tensors, parameters and a state dict into DIR, with raw bytes beside each
  evil DIR MARKER            torch.save an object whose unpickling would create MARKER
  load FILE RAW              torch.load(FILE, weights_only=True); write its bytes to RAW, print a JSON summary
  load-state FILE DIR        torch.load(FILE, weights_only=True) of a state dict; write DIR/<name>.raw, print names
  unsafe-load FILE           torch.load(FILE) without weights_only: shows that an evil file really runs code
  embedding FILE             nn.Embedding.from_pretrained(torch.load(FILE)); print the shape and row 1
"""
import json
import os
import sys
from collections import OrderedDict

import torch

RAW_VIEW = {torch.float32: torch.int32, torch.float16: torch.int16, torch.bfloat16: torch.int16,
            torch.float64: torch.int64, torch.int64: torch.int64}


def raw_bytes(t):
    # numpy has no bfloat16: reinterpret as an integer type of the same width first.
    return t.detach().contiguous().view(RAW_VIEW[t.dtype]).numpy().tobytes()


def sample(dtype, *shape):
    n = 1
    for s in shape:
        n *= s
    values = torch.linspace(-3.0, 5.0, n, dtype=torch.float64) + 1e-3 * torch.arange(n, dtype=torch.float64)
    return values.reshape(shape).to(dtype)


def save(folder):
    tensors = {
        "f32": sample(torch.float32, 5, 3),
        "f16": sample(torch.float16, 4, 2),
        "bf16": sample(torch.bfloat16, 3, 4),
    }
    for name, t in tensors.items():
        torch.save(t, os.path.join(folder, name + ".pt"))
        torch.save(torch.nn.Parameter(t, requires_grad=(name != "f16")), os.path.join(folder, name + "_param.pt"))
        open(os.path.join(folder, name + ".raw"), "wb").write(raw_bytes(t))
    base = sample(torch.float32, 4, 3)
    torch.save(base.t(), os.path.join(folder, "transposed.pt"))
    open(os.path.join(folder, "transposed.raw"), "wb").write(raw_bytes(base.t()))
    emb = torch.nn.Embedding(6, 3)
    state = OrderedDict([("emb.weight", emb.weight.data), ("row", base[2]), ("half", tensors["f16"]),
                         ("bf", tensors["bf16"])])
    module_state = emb.state_dict()  # carries _metadata, pickled with BUILD
    torch.save(state, os.path.join(folder, "state.pt"))
    torch.save(module_state, os.path.join(folder, "module_state.pt"))
    for name, t in state.items():
        open(os.path.join(folder, "state." + name + ".raw"), "wb").write(raw_bytes(t))
    open(os.path.join(folder, "module_state.weight.raw"), "wb").write(raw_bytes(module_state["weight"]))


class Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, ("echo pwned > '" + self.marker + "'",)


def main():
    command = sys.argv[1]
    if command == "probe":
        print(torch.__version__)
    elif command == "save":
        save(sys.argv[2])
    elif command == "evil":
        torch.save(Evil(sys.argv[3]), os.path.join(sys.argv[2], "evil.pt"))
    elif command == "load":
        t = torch.load(sys.argv[2], weights_only=True)
        open(sys.argv[3], "wb").write(raw_bytes(t))
        print(json.dumps({"dtype": str(t.dtype), "shape": list(t.shape),
                          "parameter": isinstance(t, torch.nn.Parameter), "requires_grad": t.requires_grad}))
    elif command == "load-state":
        state = torch.load(sys.argv[2], weights_only=True)
        for name, t in state.items():
            open(os.path.join(sys.argv[3], name + ".raw"), "wb").write(raw_bytes(t))
        print(json.dumps({"type": type(state).__name__, "names": list(state.keys()),
                          "dtypes": [str(t.dtype) for t in state.values()],
                          "shapes": [list(t.shape) for t in state.values()]}))
    elif command == "unsafe-load":
        torch.load(sys.argv[2])
    elif command == "embedding":
        emb = torch.nn.Embedding.from_pretrained(torch.load(sys.argv[2]))
        row = emb(torch.tensor([1]))[0]
        print(json.dumps({"shape": list(emb.weight.shape), "row1": [float(x) for x in row]}))
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main()
