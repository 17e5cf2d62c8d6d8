#!/usr/bin/env bash
# Sentence-vector benchmark (not a test): transfer4j embed on ONNX Runtime (the default engine) and on
# PyTorch (--engine torch) vs langchain4j AllMiniLmL6V2EmbeddingModel
# (ONNX Runtime) on the same texts in one JVM, rotating which goes first; then their cosine
# agreement. Build first: mvn -B -o -DskipTests package
# Usage: bench/embed.sh [--model all-MiniLM-L6-v2] [--input FILE] [--threads 2] [--rounds 3]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--model all-MiniLM-L6-v2 --input "$here/../../shared/data/banking77/test.csv" --threads 2
    --rounds 3)
fi
omp_wait_policy
thp_huge_pages
exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.EmbedBench "${args[@]}"
