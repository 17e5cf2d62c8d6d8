#!/usr/bin/env bash
# Nearest-neighbour benchmark (not a test): BANKING77 sentence vectors (embedded once,
# cached), HNSW recall@10 and queries/s against exact search, k-NN accuracy. Build first:
# mvn -B -o -DskipTests package; run from the repository root (../shared holds BANKING77).
# Usage: bench/knn-banking77.sh [--model all-MiniLM-L6-v2] [--threads 2] [--cache DIR]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2)
fi
omp_wait_policy
thp_huge_pages
exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.KnnBench "${args[@]}"
