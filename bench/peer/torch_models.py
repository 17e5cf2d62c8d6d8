"""PyTorch-from-Python peer for Gpt2GenerationBench and BertForwardBench: the same model sizes with
random float32 weights, in eval mode under torch.inference_mode, timed with the same protocol as
the Java benches, so that BENCHMARKS.md can report ours / peer ratios measured in one session.

The models are written here in plain torch (no `transformers` on this machine) the way Hugging
Face's GPT2LMHeadModel / BertModel compute them: GPT-2 with Conv1D layers as one addmm each, a
key/value cache grown with torch.cat (transformers' DynamicCache), scaled_dot_product_attention,
gelu_new and the tied head F.linear(h, wte) on the last position only; BERT-base with separate Q,
K, V Linear layers, SDPA, exact GELU and the tanh pooler.

    /work/venv-torch/bin/python bench/peer/torch_models.py gpt2 --threads 2 --prompt 16 --new 64 --runs 3
    /work/venv-torch/bin/python bench/peer/torch_models.py bert --threads 2 --seq 128 --batches 1,8

Set OMP_WAIT_POLICY in the environment to compare wait policies (PyTorch leaves libgomp's
default, which spins for a while before sleeping).
"""
import argparse
import math
import os
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn


def load():
    return "%.2f" % os.getloadavg()[0]


def _sdpa(q, k, v, attn_mask=None, is_causal=False):
    """F.scaled_dot_product_attention for torch < 2.0 (Debian's torch 1.13 at /usr/bin/python3):
    the same arithmetic, softmax(q k^T / sqrt(d) + mask) v, unfused."""
    s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if is_causal:
        t = q.shape[-2]
        s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
    if attn_mask is not None:
        s = s + attn_mask
    return s.softmax(-1) @ v


if not hasattr(F, "scaled_dot_product_attention"):
    F.scaled_dot_product_attention = _sdpa


# ---------------------------------------------------------------- GPT-2 small (124M)
class Conv1D(nn.Module):
    def __init__(self, n_in, n_out, std=0.02):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * std)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        shape = x.shape[:-1] + (self.weight.shape[1],)
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).view(shape)


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class Gpt2Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.c_attn = Conv1D(d, 3 * d)
        self.c_proj = Conv1D(d, d)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.c_fc = Conv1D(d, 4 * d)
        self.mlp_proj = Conv1D(4 * d, d)

    def forward(self, x, cache, layer):
        b, t, d = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
        q, k, v = (a.view(b, t, self.heads, d // self.heads).transpose(1, 2) for a in (q, k, v))
        if cache[layer] is not None:
            k = torch.cat((cache[layer][0], k), dim=2)
            v = torch.cat((cache[layer][1], v), dim=2)
        cache[layer] = (k, v)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=t > 1)
        x = x + self.c_proj(a.transpose(1, 2).reshape(b, t, d))
        return x + self.mlp_proj(gelu_new(self.c_fc(self.ln_2(x))))


class Gpt2(nn.Module):
    def __init__(self, vocab=50257, positions=1024, d=768, layers=12, heads=12):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(positions, d)
        self.h = nn.ModuleList(Gpt2Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)

    def next_logits(self, ids, past, cache):
        pos = torch.arange(past, past + ids.shape[1]).unsqueeze(0)
        x = self.wte(ids) + self.wpe(pos)
        for i, block in enumerate(self.h):
            x = block(x, cache, i)
        h = self.ln_f(x[:, -1:, :])  # LayerNorm is per position: the last one suffices
        return F.linear(h, self.wte.weight)[:, -1, :]  # tied head, (batch, vocab)

    def greedy(self, prompt, new_tokens):
        cache = [None] * len(self.h)
        ids, out, past = prompt, [], 0
        for _ in range(new_tokens):
            logits = self.next_logits(ids, past, cache)
            past += ids.shape[1]
            ids = logits.argmax(-1, keepdim=True)
            out.append(ids)
        return torch.cat(out, dim=1)


def bench_gpt2(a):
    torch.manual_seed(1)
    model = Gpt2(vocab=a.vocab, d=a.embd).eval()
    n = sum(p.numel() for p in model.parameters())
    prompt = torch.randint(0, a.vocab, (1, a.prompt))
    print("peer GPT-2 small (%s parameters, random weights), torch %s, threads %d, prompt %d,"
          " new tokens %d, OMP_WAIT_POLICY=%s" % (f"{n:,}", torch.__version__, torch.get_num_threads(),
                                                  a.prompt, a.new, os.environ.get("OMP_WAIT_POLICY", "(default)")))
    with torch.inference_mode():
        model.greedy(prompt, a.new)  # warm-up, as the Java bench
        rates = []
        for r in range(a.runs):
            la = load()
            c0, t0 = time.process_time(), time.perf_counter()
            out = model.greedy(prompt, a.new)
            sec, cpu = time.perf_counter() - t0, time.process_time() - c0
            rates.append(out.shape[1] / sec)
            print("  peer greedy, KV cache   run %d: %d tokens in %.2f s = %.1f tokens/s (process CPU"
                  " %.1f ms/token, load average %s)" % (r + 1, out.shape[1], sec, rates[-1],
                                                       1000 * cpu / out.shape[1], la))
    print("peer greedy, KV cache      mean %.1f tokens/s, best %.1f tokens/s"
          % (statistics.mean(rates), max(rates)))


# ---------------------------------------------------------------- BERT-base (110M)
class BertLayer(nn.Module):
    def __init__(self, d, heads, inner):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.attn_out = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d, eps=1e-12)
        self.intermediate = nn.Linear(d, inner)
        self.output = nn.Linear(inner, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-12)

    def forward(self, x, bias):
        b, t, d = x.shape
        q, k, v = (f(x).view(b, t, self.heads, d // self.heads).transpose(1, 2)
                   for f in (self.query, self.key, self.value))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
        x = self.ln1(x + self.attn_out(a.transpose(1, 2).reshape(b, t, d)))
        return self.ln2(x + self.output(F.gelu(self.intermediate(x))))


class Bert(nn.Module):
    def __init__(self, vocab=30522, positions=512, d=768, layers=12, heads=12, inner=3072):
        super().__init__()
        self.word, self.pos, self.token_type = nn.Embedding(vocab, d), nn.Embedding(positions, d), nn.Embedding(2, d)
        self.ln = nn.LayerNorm(d, eps=1e-12)
        self.layers = nn.ModuleList(BertLayer(d, heads, inner) for _ in range(layers))
        self.pooler = nn.Linear(d, d)

    def forward(self, ids, mask):
        t = ids.shape[1]
        x = self.word(ids) + self.pos(torch.arange(t).unsqueeze(0)) + self.token_type(torch.zeros_like(ids))
        x = self.ln(x)
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, bias)
        return x, torch.tanh(self.pooler(x[:, 0]))


def bench_bert(a):
    torch.manual_seed(1)
    model = Bert().eval()
    n = sum(p.numel() for p in model.parameters())
    print("load average at start: %s" % load())
    print("peer BERT-base (%s parameters), torch %s, seq %d, threads %d, OMP_WAIT_POLICY=%s"
          % (f"{n:,}", torch.__version__, a.seq, torch.get_num_threads(),
             os.environ.get("OMP_WAIT_POLICY", "(default)")))
    with torch.inference_mode():
        for batch in (int(s) for s in a.batches.split(",")):
            ids = (1000 + (torch.arange(batch * a.seq) * 7919) % (30522 - 1000)).view(batch, a.seq)
            mask = torch.ones(batch, a.seq, dtype=torch.long)
            ms, cpu = [], []
            for i in range(-a.warmup, a.iterations):
                c0, t0 = time.process_time(), time.perf_counter()
                out = model(ids, mask)[0]
                out.numpy().copy()  # as the Java bench copies the result out
                if i >= 0:
                    ms.append(1000 * (time.perf_counter() - t0))
                    cpu.append(1000 * (time.process_time() - c0))
            med = statistics.median(ms)
            print("peer batch %2d x %d: median %.1f ms, mean %.1f ms, min %.1f ms, %.0f tokens/s (median);"
                  " process CPU %.1f ms per forward (median), load average %s"
                  % (batch, a.seq, med, statistics.mean(ms), min(ms), batch * a.seq / (med / 1000),
                     statistics.median(cpu), load()))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", choices=["gpt2", "bert"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--prompt", type=int, default=16)
    p.add_argument("--new", type=int, default=64)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--embd", type=int, default=768, help="tiny widths time the per-op overhead")
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--batches", default="1,8")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--iterations", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    (bench_gpt2 if a.model == "gpt2" else bench_bert)(a)


if __name__ == "__main__":
    main()
