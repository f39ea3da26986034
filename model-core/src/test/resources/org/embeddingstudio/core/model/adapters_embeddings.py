"""What AdapterHub's adapters does with an embeddings folder, with plain PyTorch (adapters itself is not installed).

  load DIR            model.load_embeddings(DIR, name): torch.load(DIR/embedding.pt, weights_only=True) and
                      nn.Embedding.from_pretrained; prints rows, dim and the SHA-256 of the float32 weights
  save DIR ROWS DIM   model.add_embeddings + save_embeddings: nn.Embedding(ROWS, DIM), normal_(0, 0.02),
                      torch.save(embedding.weight, DIR/embedding.pt); prints the same line
"""
import hashlib
import os
import sys

import torch
from torch import nn


def describe(weight):
    data = weight.detach().to(torch.float32).contiguous().numpy().tobytes()
    print(f"{weight.shape[0]} {weight.shape[1]} {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    command, folder = sys.argv[1], sys.argv[2]
    if command == "load":
        weights = torch.load(os.path.join(folder, "embedding.pt"), weights_only=True)
        describe(nn.Embedding.from_pretrained(weights).weight)
    elif command == "save":
        torch.manual_seed(0)
        embedding = nn.Embedding(int(sys.argv[3]), int(sys.argv[4]))
        embedding.weight.data.normal_(mean=0.0, std=0.02)
        os.makedirs(folder, exist_ok=True)
        torch.save(embedding.weight, os.path.join(folder, "embedding.pt"))
        describe(embedding.weight)
    else:
        raise SystemExit("unknown command " + command)
