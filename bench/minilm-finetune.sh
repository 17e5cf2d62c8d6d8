#!/usr/bin/env bash
# Fine-tuning speed of the built-in all-MiniLM-L6-v2 (BANKING77 batches); see MiniLmFinetuneBench.
# Build first: mvn -B -o -DskipTests package
# Usage: bench/minilm-finetune.sh [--threads 2] [--batch 32] [--steps 20] [--dump batches.jsonl]
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
  args=(--threads 2 --batch 32 --steps 20)
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"  # spinning workers waste CPU on shared machines
exec "${JAVA:-java}" -Xmx6g -XX:+UseParallelGC -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar:$target/lib/*" org.transfer4j.bench.MiniLmFinetuneBench "${args[@]}"
