#!/usr/bin/env python3
"""PyTorch peer of transfer4j's word-vector classifiers (DAN, BiLSTM, CNN) on BANKING77.

The same data, word pipeline and model as `transfer4j finetune classify --arch ...`: lowercased
texts cut by NLTK's wordpunct regex, a vocabulary of every training word (ids 0-4 reserved for
[PAD] [UNK] [CLS] [SEP] [MASK], words by frequency), the embedding from fastText vectors (unknown
words from a normal with the vectors' mean and std), max length = 95th percentile of training
lengths, AdamW (weight decay 0.01 except biases/norms), linear decay, gradient clipping 1.0.

Prints one JSON line: per-epoch seconds (training pass plus the validation pass) and test accuracy.

  /usr/bin/python3 bench/peer/classic_banking77.py --arch bilstm --vectors ft.vec \
      --train train.csv --validation valid.csv --test test.csv --epochs 3 --threads 1
"""
import argparse, csv, json, math, random, re, time
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F

WORD = re.compile(r"\w+|[^\w\s]+")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"].lower() for r in rows], [r["category"] for r in rows]


def load_vectors(path):
    words, vecs = [], []
    with open(path, encoding="utf-8") as f:
        first = f.readline().split()
        if not (len(first) == 2 and first[0].isdigit()):
            words.append(first[0]); vecs.append([float(x) for x in first[1:]])
        for line in f:
            p = line.rstrip().split(" ")
            words.append(p[0]); vecs.append([float(x) for x in p[1:]])
    return words, torch.tensor(vecs)


class SpatialDropout(nn.Module):
    def __init__(self, p):
        super().__init__(); self.p = p

    def forward(self, x):  # (batch, seq, dim)
        if not self.training or self.p == 0:
            return x
        keep = (torch.rand(x.shape[0], 1, x.shape[2]) >= self.p).float() / (1 - self.p)
        return x * keep


def masked_max(h, mask):
    return (h + (mask.unsqueeze(2) - 1) * 1e9).max(1).values * mask.max(1, keepdim=True).values


def masked_mean(h, mask):
    m = mask.unsqueeze(2)
    return (h * m).sum(1) / m.sum(1).clamp(min=1)


class Dan(nn.Module):
    def __init__(self, emb, labels, hidden=256, layers=2, dropout=0.3):
        super().__init__()
        self.emb, self.drop_emb = emb, SpatialDropout(0.2)
        self.bn = nn.BatchNorm1d(emb.embedding_dim)
        dims = [emb.embedding_dim] + [hidden] * layers
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims, dims[1:]))
        self.drop, self.out = nn.Dropout(dropout), nn.Linear(dims[-1], labels)

    def forward(self, ids, lengths, mask):
        h = self.bn(masked_mean(self.drop_emb(self.emb(ids)), mask))
        for l in self.hidden:
            h = self.drop(F.relu(l(h)))
        return self.out(h)


class BiLstm(nn.Module):
    def __init__(self, emb, labels, hidden=128, layers=1, dropout=0.3):
        super().__init__()
        self.emb, self.drop_emb = emb, SpatialDropout(0.2)
        self.lstm = nn.LSTM(emb.embedding_dim, hidden, layers, batch_first=True,
                            bidirectional=True, dropout=dropout if layers > 1 else 0)
        self.drop, self.out = nn.Dropout(dropout), nn.Linear(4 * hidden, labels)

    def forward(self, ids, lengths, mask):
        x = self.drop_emb(self.emb(ids))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.clamp(min=1), batch_first=True,
                                                   enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        pooled = torch.cat([masked_mean(out, mask), masked_max(out, mask)], 1)
        return self.out(self.drop(pooled))


class Cnn(nn.Module):
    def __init__(self, emb, labels, hidden=100, kernels=(2, 3, 4, 5), dropout=0.3):
        super().__init__()
        self.emb, self.drop_emb = emb, SpatialDropout(0.2)
        self.convs = nn.ModuleList(nn.Conv1d(emb.embedding_dim, hidden, k) for k in kernels)
        self.drop, self.out = nn.Dropout(dropout), nn.Linear(hidden * len(kernels), labels)

    def forward(self, ids, lengths, mask):
        x = self.drop_emb(self.emb(ids))
        widest = max(c.kernel_size[0] for c in self.convs)
        if x.shape[1] < widest:
            x = F.pad(x, (0, 0, 0, widest - x.shape[1]))
        xt = x.transpose(1, 2)
        pooled = []
        for c in self.convs:
            h = F.relu(c(xt)).transpose(1, 2)  # (batch, windows, filters)
            windows = h.shape[1]
            n = (lengths - c.kernel_size[0] + 1).clamp(min=1)
            valid = (torch.arange(windows).unsqueeze(0) < n.unsqueeze(1)).float()
            pooled.append(masked_max(h, valid))
        return self.out(self.drop(torch.cat(pooled, 1)))


def main():
    a = argparse.ArgumentParser()
    for k in ("arch", "vectors", "train", "validation", "test"):
        a.add_argument("--" + k, required=True)
    a.add_argument("--epochs", type=int, default=3)
    a.add_argument("--lr", type=float, default=2e-3)
    a.add_argument("--batch-size", type=int, default=64)
    a.add_argument("--threads", type=int, default=1)
    a.add_argument("--seed", type=int, default=42)
    o = a.parse_args()
    torch.set_num_threads(o.threads)
    torch.manual_seed(o.seed); random.seed(o.seed)

    tr_x, tr_y = read(o.train); va_x, va_y = read(o.validation); te_x, te_y = read(o.test)
    labels = sorted(set(tr_y)); lid = {l: i for i, l in enumerate(labels)}
    toks = [WORD.findall(t) for t in tr_x]
    counts = Counter(w for t in toks for w in t)
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])}
    for w, _ in sorted(counts.items(), key=lambda e: (-e[1], e[0])):
        vocab.setdefault(w, len(vocab))
    lens = sorted(len(t) for t in toks)
    p95 = lens[min(len(lens) - 1, max(0, math.ceil(0.95 * len(lens)) - 1))]
    max_words = p95  # max length p95 + 2 minus [CLS] and [SEP]

    vw, vv = load_vectors(o.vectors)
    vidx = {w: i for i, w in reversed(list(enumerate(vw)))}
    mean, std = vv.mean().item(), vv.std(unbiased=False).item()
    g = torch.Generator().manual_seed(o.seed)
    weight = torch.randn(len(vocab), vv.shape[1], generator=g) * std + mean
    weight[0] = 0
    for w, i in vocab.items():
        if i >= 5 and w in vidx:
            weight[i] = vv[vidx[w]]
    emb = nn.Embedding(len(vocab), vv.shape[1], padding_idx=None)
    emb.weight.data.copy_(weight)

    def encode(texts, ys):
        ids = [[vocab.get(w, 1) for w in WORD.findall(t)][:max_words] for t in texts]
        return ids, [lid[y] for y in ys]

    def batches(ids, ys, shuffle):
        order = list(range(len(ids)))
        if shuffle:
            random.shuffle(order)
        for s in range(0, len(order), o.batch_size):
            idx = order[s:s + o.batch_size]
            lengths = torch.tensor([len(ids[i]) for i in idx])
            width = max(1, int(lengths.max()))
            x = torch.zeros(len(idx), width, dtype=torch.long)
            for r, i in enumerate(idx):
                x[r, :len(ids[i])] = torch.tensor(ids[i], dtype=torch.long)
            mask = (torch.arange(width).unsqueeze(0) < lengths.unsqueeze(1)).float()
            yield x, lengths, mask, torch.tensor([ys[i] for i in idx])

    model = {"dan": Dan, "bilstm": BiLstm, "cnn": Cnn}[o.arch](emb, len(labels))
    decay = [p for n, p in model.named_parameters() if p.dim() > 1]
    nodecay = [p for n, p in model.named_parameters() if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": nodecay, "weight_decay": 0.0}], lr=o.lr)
    tr = encode(tr_x, tr_y); va = encode(va_x, va_y); te = encode(te_x, te_y)
    steps = o.epochs * math.ceil(len(tr[0]) / o.batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / steps))

    def accuracy(data):
        model.eval(); right = 0
        with torch.no_grad():
            for x, l, m, y in batches(*data, False):
                right += (model(x, l, m).argmax(1) == y).sum().item()
        model.train()
        return right / len(data[0])

    epoch_s = []
    for e in range(o.epochs):
        t0 = time.perf_counter()
        for x, l, m, y in batches(*tr, True):
            loss = F.cross_entropy(model(x, l, m), y)
            opt.zero_grad(); loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step(); sched.step()
        valid = accuracy(va)
        epoch_s.append(time.perf_counter() - t0)
    print(json.dumps({"peer": "pytorch " + torch.__version__, "arch": o.arch,
                      "epoch_s": [round(s, 2) for s in epoch_s], "validation_accuracy": valid,
                      "test_accuracy": accuracy(te)}))


if __name__ == "__main__":
    main()
