#!/usr/bin/env bash
# Pretraining benchmark (not a test): tokens/s of BertForPreTraining training steps and MFU.
# Synthetic batches. Build first: mvn -B -o -DskipTests package
# Usage: bench/pretrain.sh [--threads 2] [--preset mini] [--batch 32] [--seq 128] [--modes masked,full]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2 --preset mini --batch 32 --seq 128)
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"  # spinning workers waste CPU on shared machines
exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.PretrainBench "${args[@]}"
