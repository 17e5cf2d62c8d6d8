#!/usr/bin/env bash
# Fine-tuning speed of the built-in all-MiniLM-L6-v2 (BANKING77 batches); see MiniLmFinetuneBench.
# Build first: mvn -B -o -DskipTests package
# Usage: bench/minilm-finetune.sh [--threads 2] [--batch 32] [--steps 20] [--dump batches.jsonl]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2 --batch 32 --steps 20)
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"  # spinning workers waste CPU on shared machines
exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.MiniLmFinetuneBench "${args[@]}"
