"""Peer for MiniLmFinetuneBench: the same all-MiniLM-L6-v2 classifier fine-tuned in plain PyTorch
(Debian's python3-torch) on exactly the batches the Java bench dumped: mean pooling, 77 labels,
dropout 0.1, cross-entropy, backward, global-norm clipping at 1, AdamW (lr 5e-5, weight decay 0.01
except biases and LayerNorm). Weights come from transfer4j's converted folder (model.safetensors,
read here without the safetensors package: an 8-byte header length, a JSON header, raw bytes).

    python3 bench/peer/minilm_finetune.py ~/.cache/transfer4j/models/all-MiniLM-L6-v2 \
        batches.jsonl --threads 2 --warmup 3 --steps 20
"""
import argparse
import json
import math
import os
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", (name, info["dtype"])
        a, b = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).view(info["shape"])
    return out


class Layer(nn.Module):
    def __init__(self, d, heads, inner, p):
        super().__init__()
        self.heads, self.p = heads, p
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.attn_out = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d, eps=1e-12)
        self.intermediate = nn.Linear(d, inner)
        self.output = nn.Linear(inner, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-12)

    def forward(self, x, bias):
        b, t, d = x.shape
        h = self.heads
        q, k, v = (f(x).view(b, t, h, d // h).transpose(1, 2) for f in (self.query, self.key, self.value))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // h) + bias  # (b, h, t, t)
        probs = F.dropout(scores.softmax(-1), self.p, self.training)
        a = (probs @ v).transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + F.dropout(self.attn_out(a), self.p, self.training))
        y = self.output(F.gelu(self.intermediate(x)))
        return self.ln2(x + F.dropout(y, self.p, self.training))


class Classifier(nn.Module):
    def __init__(self, cfg, labels):
        super().__init__()
        d, self.p = cfg["hidden_size"], cfg["hidden_dropout_prob"]
        self.word = nn.Embedding(cfg["vocab_size"], d)
        self.pos = nn.Embedding(cfg["max_position_embeddings"], d)
        self.token_type = nn.Embedding(cfg["type_vocab_size"], d)
        self.ln = nn.LayerNorm(d, eps=cfg["layer_norm_eps"])
        self.layers = nn.ModuleList(
            Layer(d, cfg["num_attention_heads"], cfg["intermediate_size"], self.p)
            for _ in range(cfg["num_hidden_layers"]))
        self.classifier = nn.Linear(d, labels)

    def forward(self, ids, mask):
        t = ids.shape[1]
        x = self.word(ids) + self.pos(torch.arange(t).unsqueeze(0)) + self.token_type(torch.zeros_like(ids))
        x = F.dropout(self.ln(x), self.p, self.training)
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, bias)
        m = mask.unsqueeze(-1).float()
        pooled = (x * m).sum(1) / m.sum(1)  # masked mean, as classifier_pooling = mean
        return self.classifier(F.dropout(pooled, self.p, self.training))

    def load(self, w):
        with torch.no_grad():
            self.word.weight.copy_(w["embeddings.word_embeddings.weight"])
            self.pos.weight.copy_(w["embeddings.position_embeddings.weight"])
            self.token_type.weight.copy_(w["embeddings.token_type_embeddings.weight"])
            self.ln.weight.copy_(w["embeddings.LayerNorm.weight"])
            self.ln.bias.copy_(w["embeddings.LayerNorm.bias"])
            for i, l in enumerate(self.layers):
                p = "encoder.layer.%d." % i
                pairs = [(l.query, "attention.self.query"), (l.key, "attention.self.key"),
                         (l.value, "attention.self.value"), (l.attn_out, "attention.output.dense"),
                         (l.ln1, "attention.output.LayerNorm"), (l.intermediate, "intermediate.dense"),
                         (l.output, "output.dense"), (l.ln2, "output.LayerNorm")]
                for mod, name in pairs:
                    mod.weight.copy_(w[p + name + ".weight"])
                    mod.bias.copy_(w[p + name + ".bias"])


def main():
    a = argparse.ArgumentParser()
    a.add_argument("model")
    a.add_argument("batches")
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--warmup", type=int, default=3)
    a.add_argument("--steps", type=int, default=20)
    a = a.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    batches = [json.loads(l) for l in open(a.batches)]
    model = Classifier(cfg, 77)
    model.load(read_safetensors(os.path.join(a.model, "model.safetensors")))
    model.train()
    decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or ".ln" in n or n.startswith("ln"))]
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or ".ln" in n or n.startswith("ln")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}], lr=5e-5)
    stamps, tokens = [], 0
    for k, b in enumerate(batches[: a.warmup + a.steps + 1]):
        stamps.append(time.perf_counter())
        if k == a.warmup + a.steps:
            break
        ids = torch.tensor(b["ids"]).view(b["rows"], b["seq"])
        mask = torch.tensor(b["mask"]).view(b["rows"], b["seq"])
        loss = F.cross_entropy(model(ids, mask), torch.tensor(b["labels"]))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()
        if k >= a.warmup:
            tokens += b["rows"] * b["seq"]
    seconds = stamps[a.warmup + a.steps] - stamps[a.warmup]
    print("peer all-MiniLM-L6-v2 fine-tuning, torch %s, threads %d: %d steps in %.1f s = %.3f steps/s,"
          " %.0f tokens/s" % (torch.__version__, torch.get_num_threads(), a.steps, seconds,
                              a.steps / seconds, tokens / seconds))


if __name__ == "__main__":
    main()
