#!/usr/bin/env bash
# Sentence-vector benchmark (not a test): transfer4j embed vs langchain4j AllMiniLmL6V2EmbeddingModel
# (ONNX Runtime) on the same texts in one JVM, alternating which goes first; then their cosine
# agreement. Build first: mvn -B -o -DskipTests package
# Usage: bench/embed.sh [--model all-MiniLM-L6-v2] [--input FILE] [--threads 2] [--rounds 3]
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
  args=(--model all-MiniLM-L6-v2 --input "$here/../../shared/data/banking77/test.csv" --threads 2
    --rounds 3)
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
exec "${JAVA:-java}" -Xmx6g -XX:+UseParallelGC -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar:$target/lib/*" org.transfer4j.bench.EmbedBench "${args[@]}"
