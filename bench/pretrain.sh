#!/usr/bin/env bash
# Pretraining benchmark (not a test): tokens/s of BertForPreTraining training steps and MFU.
# Synthetic batches. Build first: mvn -B -o -DskipTests package
# Usage: bench/pretrain.sh [--threads 2] [--preset mini] [--batch 32] [--seq 128] [--modes masked,full]
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
  args=(--threads 2 --preset mini --batch 32 --seq 128)
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"  # spinning workers waste CPU on shared machines
exec "${JAVA:-java}" -Xmx6g -XX:+UseParallelGC -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar:$target/lib/*" org.transfer4j.bench.PretrainBench "${args[@]}"
