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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
if [[ ! -d "$target/lib" ]]; then
  echo "error: the bench module is not built; run 'mvn -B -o -DskipTests package' at the root" >&2
  exit 2
fi
jar="$(ls "$target"/transfer4j-bench-*.jar | head -1)"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--threads 2 --prompt 16 --new 64 --runs 3)
fi
# OMP_WAIT_POLICY=default leaves the variable unset (libgomp's own policy: spin, then sleep).
if [[ "${OMP_WAIT_POLICY:-}" == default ]]; then
  unset OMP_WAIT_POLICY
else
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
fi
# THP_MEM_ALLOC_ENABLE=1 (unless you set it): libtorch then aligns allocations of 2 MB and more
# to huge pages and madvises them (this machine's transparent_hugepage mode is "madvise"), so
# reading the weights misses the TLB far less; decoding, which streams all weights per token,
# measured ~20% faster (BENCHMARKS.md). No effect on the numbers computed.
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
exec "${JAVA:-java}" -Xmx4g -XX:+UseParallelGC -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar:$target/lib/*" org.transfer4j.bench.Gpt2GenerationBench "${args[@]}"
