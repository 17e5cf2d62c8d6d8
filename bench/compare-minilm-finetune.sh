#!/usr/bin/env bash
# Fine-tuning throughput of the built-in all-MiniLM-L6-v2, ours (MiniLmFinetuneBench) against plain
# PyTorch (bench/peer/minilm_finetune.py, Debian's python3-torch) on the same BANKING77 batches of
# 32, alternating sides for ROUNDS rounds so that both see the same machine load.
# Build first: mvn -B -o -DskipTests package
#   bench/compare-minilm-finetune.sh [ROUNDS=2] [THREADS=2] [STEPS=20]   (PYTHON=/usr/bin/python3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-2}"
threads="${2:-2}"
steps="${3:-20}"
python="${PYTHON:-/usr/bin/python3}"
batches="$(mktemp /tmp/minilm-batches.XXXXXX.jsonl)"
trap 'rm -f "$batches"' EXIT
home="${TRANSFER4J_HOME:-$HOME/.cache/transfer4j}"
echo "$(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), peer BLAS: ${OPENBLAS_DIR:-system}"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order="ours peer"; else order="peer ours"; fi
  for side in $order; do
    if [[ $side == ours ]]; then
      "$here/minilm-finetune.sh" --threads "$threads" --batch 32 --steps "$steps" \
        --data "$here/../../shared/data/banking77/train.csv" --dump "$batches" 2>&1 | grep "steps/s"
    else
      [[ -s "$batches" ]] || "$here/minilm-finetune.sh" --threads "$threads" --steps 0 --warmup "$((steps + 3))" \
        --data "$here/../../shared/data/banking77/train.csv" --dump "$batches" > /dev/null 2>&1
      # Debian's python3-torch calls the system BLAS, the reference one unless an optimized BLAS
      # is installed (8x slower matrix products here). OPENBLAS_DIR points the peer alone at
      # OpenBLAS (apt-get download libopenblas0-pthread; dpkg -x; the folder with libblas.so.3),
      # as bench/clm-train.sh does; `apt-get install libopenblas0-pthread` does it system-wide.
      LD_LIBRARY_PATH="${OPENBLAS_DIR:-}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        OMP_WAIT_POLICY=PASSIVE "$python" "$here/peer/minilm_finetune.py" "$home/models/all-MiniLM-L6-v2" \
        "$batches" --threads "$threads" --steps "$steps"
    fi | sed "s/^/[round $r] /"
  done
  echo "[round $r] load $(cut -d' ' -f1-3 /proc/loadavg)"
done
