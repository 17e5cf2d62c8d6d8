#!/usr/bin/env bash
# BERT forward on both engines (not a test): PyTorch and ONNX Runtime in one JVM, alternating
# rounds, on a BERT-base-size encoder with random weights: batch-1 latency and batch-32 throughput
# at sequence 128. Build first: mvn -B -o -DskipTests package
# Usage: bench/onnx-forward.sh [--threads 2] [--preset base] [--seq 128] [--batches 1,32]
#        [--rounds 4] [--iterations 5]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2 --preset base --seq 128 --batches 1,32 --rounds 4 --iterations 5)
fi
omp_wait_policy
thp_huge_pages
exec "${bench_jvm[@]}" -Xmx8g org.transfer4j.bench.OnnxForwardBench "${args[@]}"
