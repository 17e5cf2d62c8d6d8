#!/usr/bin/env bash
# GPT-2-small-size greedy decoding with the key/value cache, three engines alternated in one
# session: ours on ONNX Runtime (the model exported with past_key_values), ours on PyTorch (DJL),
# and the PyTorch-from-Python peer (bench/peer/torch_models.py). Same protocol on every side:
# 124M parameters with random weights, a prompt of 16 random tokens, 64 greedy tokens, one warm-up
# generation, then timed generations. Build first: mvn -B -o -DskipTests package
# Usage: bench/gpt2-onnx-compare.sh [rounds=3] [threads="1 2"] [new=64]
#   PYTHON (default /usr/bin/python3, Debian's torch) and OPENBLAS_DIR (default the OpenBLAS
#   unpacked at /tmp/openblas; Debian's torch otherwise runs on the reference BLAS, ~30x slower),
#   both for the peer only.
# Every output line is prefixed with the round, threads and side; `uptime` is printed before each
# round. Pipe it to a log: bench/gpt2-onnx-compare.sh 2>&1 | tee /tmp/gpt2-onnx.log
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-3}"
threads="${2:-1 2}"
new="${3:-64}"
python="${PYTHON:-/usr/bin/python3}"
openblas="${OPENBLAS_DIR:-/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
common=(--prompt 16 --new "$new" --runs 2)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r: $(uptime)"
  for t in $threads; do
    # Rotate the order each round so that no side always gets the same slot.
    case $((r % 3)) in
      1) order="onnx torch peer" ;;
      2) order="torch peer onnx" ;;
      0) order="peer onnx torch" ;;
    esac
    for side in $order; do
      case $side in
        onnx) cmd=("$here/gpt2-generate.sh" "${common[@]}" --threads "$t" --engine onnx) ;;
        torch) cmd=("$here/gpt2-generate.sh" "${common[@]}" --threads "$t" --engine torch) ;;
        # OpenBLAS keeps its own thread pool: give it the same thread count as the others.
        peer) cmd=(env LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
                   OPENBLAS_NUM_THREADS="$t" "$python" "$here/peer/torch_models.py" gpt2 "${common[@]}" --threads "$t") ;;
      esac
      if ! out="$("${cmd[@]}" 2>&1)"; then
        echo "error: the $side run failed (threads $t); its last lines:" >&2
        tail -n 15 <<<"$out" >&2
        exit 1
      fi
      grep -E "tokens/s|exported" <<<"$out" | sed "s/^/[round $r threads $t $side] /"
    done
  done
done
echo "end: $(uptime)"
