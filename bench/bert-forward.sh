#!/usr/bin/env bash
# BERT forward benchmark (not a test): batch-1 latency and tokens/s of a BERT-base-size model with
# random weights at sequence 128. Build first: mvn -B -o -DskipTests package
# Usage: bench/bert-forward.sh [--threads 2] [--preset base] [--seq 128] [--batches 1,8]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2 --preset base --seq 128)
fi
omp_wait_policy
thp_huge_pages
exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.BertForwardBench "${args[@]}"
