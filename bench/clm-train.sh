#!/usr/bin/env bash
# Causal-LM training speed (not a test): transfer4j's GPT2LMHeadModel training step (ClmBench)
# and the same step in plain PyTorch (bench/peer/torch_clm.py, Debian's python3-torch), one after
# the other in the same run, same sizes. Build first: mvn -B -o -DskipTests package
# Usage: bench/clm-train.sh [--threads 2] [--preset gpt2-mini] [--vocab 8000] [--batch 16] [--block 128]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
threads=2 preset=gpt2-mini vocab=8000 batch=16 block=128
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    --vocab) vocab="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --block) block="$2"; shift 2 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$preset" in
  gpt2-tiny) layers=2 embd=128 heads=2 positions=128 ;;
  gpt2-mini) layers=4 embd=256 heads=4 positions=256 ;;
  *) echo "error: --preset gpt2-tiny or gpt2-mini" >&2; exit 2 ;;
esac
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
uptime
"${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.ClmBench --threads "$threads" --preset "$preset" \
  --vocab "$vocab" --batch "$batch" --block "$block"
py="${PYTHON:-python3}"
if ! "$py" -c 'import torch' 2>/dev/null; then
  py=/usr/bin/python3 # Debian's python3-torch
fi
# Debian's python3-torch calls the BLAS of the libblas.so.3 alternative, the reference (netlib)
# one unless an optimized BLAS is installed: 8x slower matrix products here. OPENBLAS_DIR points
# the peer alone at OpenBLAS (apt-get download libopenblas0-pthread; dpkg -x it; the folder with
# its libblas.so.3), without changing the system's alternative.
if [[ -n "${OPENBLAS_DIR:-}" ]]; then
  export LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "peer BLAS: OpenBLAS from $OPENBLAS_DIR"
fi
"$py" "$here/peer/torch_clm.py" --threads "$threads" --vocab "$vocab" --embd "$embd" \
  --layers "$layers" --heads "$heads" --positions "$positions" --batch "$batch" --block "$block"
uptime
