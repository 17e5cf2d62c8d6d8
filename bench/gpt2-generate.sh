#!/usr/bin/env bash
# GPT-2 generation benchmark (not a test): greedy tokens/s of a GPT-2-small-size model (124M,
# random weights) with the KV cache, in inference mode. Build first: mvn -B -o -DskipTests package
# Usage: bench/gpt2-generate.sh [--threads 2] [--prompt 16] [--new 64] [--runs 3] [--no-cache-too]
#
# OMP_WAIT_POLICY=PASSIVE (unless you set it): PyTorch's OpenMP workers otherwise spin between
# operations, and on a 2-core machine shared with other processes a spinning worker steals the
# core the other one needs; decoding, which runs hundreds of small operations per token, was
# 10-15x slower that way (BENCHMARKS.md).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2 --prompt 16 --new 64 --runs 3)
fi
omp_wait_policy
thp_huge_pages
exec "${bench_jvm[@]}" -Xmx4g org.transfer4j.bench.Gpt2GenerationBench "${args[@]}"
