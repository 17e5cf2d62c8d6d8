#!/usr/bin/env python3
"""Seconds per epoch of a transfer4j run, from the wall times of its TensorBoard events: the time
between consecutive evaluations (one per epoch: the training pass, the validation pass and the
best-checkpoint save). Prints a JSON list.

  python3 bench/peer/epoch_times.py RUN_DIR
"""
import glob, json, struct, sys


def events(path):
    with open(path, "rb") as f:
        while True:
            head = f.read(12)
            if len(head) < 12:
                return
            (n,) = struct.unpack("<Q", head[:8])
            data = f.read(n)
            f.read(4)
            wall, step, i = None, 0, 0
            while i < len(data):  # the Event fields we need: wall_time (1, double), step (2, varint)
                key = data[i]; i += 1
                field, kind = key >> 3, key & 7
                if kind == 1:
                    v = struct.unpack("<d", data[i:i + 8])[0]; i += 8
                    if field == 1:
                        wall = v
                elif kind == 0:
                    v = shift = 0
                    while True:
                        b = data[i]; i += 1
                        v |= (b & 0x7F) << shift; shift += 7
                        if b < 0x80:
                            break
                    if field == 2:
                        step = v
                elif kind == 2:
                    ln = shift = 0
                    while True:
                        b = data[i]; i += 1
                        ln |= (b & 0x7F) << shift; shift += 7
                        if b < 0x80:
                            break
                    i += ln
                elif kind == 5:
                    i += 4
                else:
                    break
            yield wall, step


run = sys.argv[1]
evals = [json.loads(l) for l in open(f"{run}/metrics.jsonl") if '"eval"' in l]
eval_steps = [e["step"] for e in evals]
last = {}
for f in sorted(glob.glob(f"{run}/tensorboard/*tfevents*")):
    for wall, step in events(f):
        if wall is not None and step in eval_steps:
            last[step] = max(last.get(step, 0), wall)
first_train = None
times = [last[s] for s in eval_steps if s in last]
print(json.dumps([round(b - a, 2) for a, b in zip(times, times[1:])]))
