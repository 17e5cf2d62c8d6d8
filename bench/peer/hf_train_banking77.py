"""Peer timing for TokenizerTrainerBench: Hugging Face tokenizers' own trainers on the BANKING77
training texts (PolyAI, CC BY 4.0), same settings, median of N runs after one warm-up.

    pip install tokenizers
    python bench/peer/hf_train_banking77.py ../shared/data/banking77/train.csv 5
"""
import csv
import statistics
import sys
import time

import tokenizers
from tokenizers import BertWordPieceTokenizer, ByteLevelBPETokenizer

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/banking77/train.csv"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
vocab = int(sys.argv[3]) if len(sys.argv) > 3 else 30000
texts = [r["text"] for r in csv.DictReader(open(path, encoding="utf-8"))]


def wordpiece():
    t = BertWordPieceTokenizer(clean_text=True, lowercase=True, strip_accents=None)
    t.train_from_iterator(texts, vocab_size=vocab, min_frequency=2, show_progress=False,
                          special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    return t.get_vocab_size()


def bpe():
    t = ByteLevelBPETokenizer()
    t.train_from_iterator(texts, vocab_size=vocab, min_frequency=2, show_progress=False,
                          special_tokens=["<|endoftext|>"])
    return t.get_vocab_size()


print(f"tokenizers {tokenizers.__version__}, {len(texts)} texts, {runs} runs")
for name, f in [("wordpiece", wordpiece), ("byte-level bpe", bpe)]:
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        size = f()
        if i > 0:
            times.append(time.perf_counter() - t0)
    print(f"{name:15s} count+train {statistics.median(times) * 1000:8.1f} ms (vocab {size})")
