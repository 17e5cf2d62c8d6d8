#!/usr/bin/env bash
# Encode throughput of transfer4j tokenizers vs the Hugging Face tokenizers library.
# Usage: bench/run-tokenizers.sh [SHARED_DIR] [repeat] [rounds]   (build first: mvn -B -DskipTests package)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
if [[ ! -d "$target/lib" || ! -d "$target/classes" ]]; then
  echo "error: the bench module is not built; run 'mvn -B -DskipTests package' at the root first" >&2
  exit 2
fi
exec "${JAVA:-java}" -Xmx8g -Dai.djl.offline=true -cp "$target/classes:$target/lib/*" \
  org.transfer4j.bench.TokenizerBench "${1:-$here/../../shared}" "${2:-20}" "${3:-5}"
