"""PyTorch-from-Python peer for ClmBench: the same GPT-2 training step (forward over the whole block,
next-token cross-entropy, backward, clip_grad_norm_ 1.0, AdamW) on the same sizes with random
token blocks, timed the same way (median of the step intervals after warm-up).

Written in plain torch as Hugging Face's GPT2LMHeadModel computes it in eager mode (Conv1D as
addmm, explicit causal-masked softmax attention, gelu_new, tied head), because Debian's
python3-torch (1.13) has no transformers and no scaled_dot_product_attention. Dropout is off in
both.

    python3 bench/peer/torch_clm.py --threads 2 --vocab 8000 --embd 256 --layers 4 --heads 4 \
        --positions 256 --batch 16 --block 128
"""
import argparse
import math
import os
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

from torch_models import Gpt2Block, gelu_new  # same folder: the script's own


class Block(Gpt2Block):
    """torch_models' GPT-2 block (same layers) without a key/value cache, with the causal mask as
    an explicit additive bias and a plain softmax, as transformers' eager attention does."""

    def forward(self, x, bias):
        b, t, d = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
        q, k, v = (a.view(b, t, self.heads, d // self.heads).transpose(1, 2) for a in (q, k, v))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // self.heads) + bias
        a = torch.matmul(scores.softmax(-1), v)
        x = x + self.c_proj(a.transpose(1, 2).reshape(b, t, d))
        return x + self.mlp_proj(gelu_new(self.c_fc(self.ln_2(x))))


class Gpt2(nn.Module):
    def __init__(self, vocab, positions, d, layers, heads):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(positions, d)
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.02)
        self.h = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)

    def loss(self, ids):
        t = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(t).unsqueeze(0))
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        bias = torch.zeros(t, t).masked_fill(~causal, -1e9)
        for block in self.h:
            x = block(x, bias)
        logits = F.linear(self.ln_f(x), self.wte.weight)  # tied head, (batch, t, vocab)
        return F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--embd", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--positions", type=int, default=256)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--block", type=int, default=128)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = Gpt2(a.vocab, a.positions, a.embd, a.layers, a.heads).train()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.0)
    batches = [torch.randint(0, a.vocab, (a.batch, a.block)) for _ in range(4)]
    print("peer: torch %s, threads %d, L=%d H=%d A=%d vocab %d, batch %d x block %d, load %.2f"
          % (torch.__version__, torch.get_num_threads(), a.layers, a.embd, a.heads, a.vocab,
             a.batch, a.block, os.getloadavg()[0]))
    stamps, cpu = [], []
    for i in range(a.warmup + a.steps + 1):
        stamps.append(time.perf_counter())
        cpu.append(time.process_time())
        loss = model.loss(batches[i % 4])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=False)
    dt = sorted(stamps[a.warmup + i + 1] - stamps[a.warmup + i] for i in range(a.steps))
    med = dt[len(dt) // 2]
    cpu_step = (cpu[a.warmup + a.steps] - cpu[a.warmup]) / a.steps
    print("peer PyTorch: %.0f ms/step (median of %d), %s tokens/s; process CPU %.0f ms/step"
          % (med * 1000, a.steps, f"{a.batch * a.block / med:,.0f}", cpu_step * 1000))


if __name__ == "__main__":
    main()
