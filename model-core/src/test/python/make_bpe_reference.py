"""Trains Hugging Face's own byte-level BPE on the reference corpus, for ByteLevelBpeTrainer to be compared with.

Needs the `tokenizers` package (tested with 0.23.2), e.g. in a virtual environment:
    python3 -m venv /tmp/hf && /tmp/hf/bin/pip install tokenizers
    /tmp/hf/bin/python model-core/src/test/python/make_bpe_reference.py model-core/src/test/resources/reference/bpe-hf

Reads corpus.txt in that folder (one text a line, blank lines skipped, as the CLI reads a corpus) and writes
tokenizer.json: BpeTrainer with RoBERTa's special tokens, all 256 ByteLevel symbols as the initial alphabet, the
ByteLevel pre-tokenizer without prefix space, vocabulary size 700 and no minimum frequency.
"""
import os
import sys

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

folder = sys.argv[1]
with open(os.path.join(folder, "corpus.txt"), encoding="utf-8") as f:
    lines = [line for line in f.read().split("\n") if line.strip()]
tokenizer = Tokenizer(models.BPE())
tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
tokenizer.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=700, min_frequency=0,
                              special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
tokenizer.train_from_iterator(lines, trainer)
tokenizer.save(os.path.join(folder, "tokenizer.json"))
