#!/usr/bin/env bash
# Classification prediction on both engines (not a test): a fine-tuned folder over the same 10,000
# texts, ONNX Runtime and PyTorch in alternating rounds in one JVM. Build first:
# mvn -B -o -DskipTests package
# Usage: bench/onnx-predict.sh --model DIR [--input FILE] [--texts 10000] [--threads 2] [--rounds 3]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  echo "usage: bench/onnx-predict.sh --model DIR [--input FILE] [--texts 10000] [--threads 2]" >&2
  exit 2
fi
if [[ " ${args[*]} " != *" --input "* ]]; then
  args+=(--input "$here/../../shared/data/banking77/train.csv")
fi
omp_wait_policy
thp_huge_pages
exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.OnnxPredictBench "${args[@]}"
