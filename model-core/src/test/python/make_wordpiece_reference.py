"""Trains Hugging Face's own WordPiece on reference corpora, for WordPieceTrainer to be compared with.

Needs the `tokenizers` package (tested with 0.22.2), e.g. in a virtual environment:
    python3 -m venv /tmp/hf && /tmp/hf/bin/pip install tokenizers
    /tmp/hf/bin/python model-core/src/test/python/make_wordpiece_reference.py \
        model-core/src/test/resources/reference/wordpiece-hf [path/to/leipzig_deu_wikipedia_2021_10K-sentences.txt]

Each case trains WordPieceTrainer with BERT's normalizer (BertNormalizer, lower-casing, so accents stripped) and
BertPreTokenizer, the special tokens [PAD] [UNK] [CLS] [SEP] [MASK], and writes <case>.run<N>.txt: the vocabulary,
one token a line in id order. A corpus is read as the CLI reads it: one text a line, a byte-order mark and blank
lines skipped.

The trainer is not deterministic: it numbers the '##' characters in the order its hash map of words iterates, and
that map is seeded anew in every process, so the '##' block and the order of equally frequent merges change from run
to run. Every case is therefore trained RUNS times, each in a fresh process; WordPieceTrainerTest replays each run.
The German cases need the Leipzig sample (shared/fixtures, not in the repository) and are skipped without it; their
vocabularies derive from the Leipzig Corpora Collection's deu_wikipedia_2021_10K sentences (CC BY 4.0).
"""
import os
import subprocess
import sys

RUNS = 2
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# name -> (corpus, vocab_size, min_frequency, limit_alphabet, initial_alphabet). The limits cut the alphabet where no
# two characters are equally frequent: which of equally frequent characters the trainer drops is hash order too.
CASES = {
    "mixed-400": ("mixed", 400, 0, None, ""),
    "mixed-300-options": ("mixed", 300, 2, 73, "xyzäöüq"),
    "german-8000": ("german", 8000, 0, None, ""),
    "german-3000-options": ("german", 3000, 3, 71, "äöüßq"),
}


def read_corpus(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    return [line for line in text.split("\n") if line.strip()]


def train(corpus, vocab_size, min_frequency, limit_alphabet, initial_alphabet):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    options = {"limit_alphabet": limit_alphabet} if limit_alphabet is not None else {}
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=min_frequency,
                                        initial_alphabet=list(initial_alphabet), special_tokens=SPECIALS,
                                        show_progress=False, **options)
    tokenizer.train_from_iterator(read_corpus(corpus), trainer)
    vocab = tokenizer.get_vocab()
    return sorted(vocab, key=vocab.get)


def main():
    if sys.argv[1] == "--one":  # a child process: one run of one case, the vocabulary on stdout
        _, _, corpus, size, min_frequency, limit, alphabet = sys.argv
        tokens = train(corpus, int(size), int(min_frequency), None if limit == "-" else int(limit), alphabet)
        sys.stdout.buffer.write(("\n".join(tokens) + "\n").encode("utf-8"))
        return
    folder = sys.argv[1]
    corpora = {"mixed": os.path.join(folder, "corpus.txt"), "german": sys.argv[2] if len(sys.argv) > 2 else None}
    for name, (corpus, size, min_frequency, limit, alphabet) in CASES.items():
        if corpora[corpus] is None:
            print("skipping", name, "(no German corpus given)")
            continue
        for run in range(1, RUNS + 1):
            out = subprocess.run([sys.executable, __file__, "--one", corpora[corpus], str(size), str(min_frequency),
                                  "-" if limit is None else str(limit), alphabet], check=True, capture_output=True)
            with open(os.path.join(folder, f"{name}.run{run}.txt"), "wb") as f:
                f.write(out.stdout)


if __name__ == "__main__":
    main()
