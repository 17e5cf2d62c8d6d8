#!/usr/bin/env bash
# Causal-LM quality run (not a test): a small GPT-2 (gpt2-mini) trained from scratch on the
# BANKING77 training texts for a time budget, then its perplexity on the BANKING77 test texts and
# five samples. Build first: mvn -B -o -DskipTests package
# Usage: bench/clm-banking77.sh [BANKING77_DIR=../shared/data/banking77] [OUT=/tmp/clm-banking77]
#        [MINUTES=10] [CONFIG=gpt2-mini]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
t4j="${T4J:-$here/../transfer4j}"
data="${1:-$here/../../shared/data/banking77}"
out="${2:-/tmp/clm-banking77}"
minutes="${3:-10}"
config="${4:-gpt2-mini}"
batch=32
block=64
mkdir -p "$out"
# One utterance per line: the text column of the CSV files.
python3 - "$data" "$out" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
for split in ("train", "test"):
    with open(f"{src}/{split}.csv", newline="", encoding="utf-8") as f, \
         open(f"{dst}/{split}.txt", "w", encoding="utf-8") as o:
        for row in csv.DictReader(f):
            o.write(" ".join(row["text"].split()) + "\n")
PY
common=(pretrain --objective clm --config "$config" --corpus "$out/train.txt"
  --validation "$out/test.txt" --vocab-size 4000 --block-size "$block" --batch-size "$batch"
  --lr 1e-3 --warmup 0.02 --threads 2 --no-plots)
# Probe: 30 steps; the trainer's own steps_per_s (training steps only) turns the budget into steps.
rm -rf "$out/probe"
"$t4j" "${common[@]}" --epochs 0 --max-steps 30 --log-every 10 --output "$out/probe" >/dev/null 2>&1
sps="$(grep '"steps_per_s"' "$out/probe/metrics.jsonl" | tail -1 \
  | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["steps_per_s"])')"
steps="$(python3 -c "print(int($minutes * 60 * $sps))")"
echo "probe: $sps steps/s ($(python3 -c "print(round($sps * $batch * $block))") tokens/s);"\
  "training $steps steps (~$minutes min)"
rm -rf "$out/gpt"
start=$(date +%s)
"$t4j" "${common[@]}" --epochs 0 --max-steps "$steps" --eval-every $(( steps / 4 + 1 )) --log-every 50 \
  --output "$out/gpt" 2>"$out/train.log"
echo "wall: $(( $(date +%s) - start )) s"
"$t4j" evaluate --model "$out/gpt" --data "$out/test.txt" --threads 2
"$t4j" generate --model "$out/gpt" --prompt "I" --do-sample --temperature 0.8 --top-p 0.95 \
  --num-return-sequences 5 --max-new-tokens 30 --seed 1 --threads 2 --output "$out/samples.jsonl"
cat "$out/samples.jsonl"
