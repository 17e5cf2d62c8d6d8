#!/usr/bin/env bash
# Runs our bench and the PyTorch-from-Python peer (bench/peer/torch_models.py) alternately in the
# same session, for each thread count and OpenMP wait policy, so that ours / peer ratios compare
# runs made under the same machine load. Build first: mvn -B -o -DskipTests package
# Usage: bench/compare-torch.sh gpt2|bert [rounds=3] [threads="1 2"] [policies="PASSIVE default"]
#   PYTHON=/work/venv-torch/bin/python (default: python3, which needs torch)
#   policy "default" leaves OMP_WAIT_POLICY unset (libgomp spins a while before sleeping: what
#   PyTorch does unless told otherwise); PASSIVE is what our launchers set.
# Every line of output is prefixed with the round, threads and policy; pipe it to a log.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
what="${1:?usage: bench/compare-torch.sh gpt2|bert [rounds] [threads] [policies]}"
rounds="${2:-3}"
threads="${3:-1 2}"
policies="${4:-PASSIVE default}"
python="${PYTHON:-python3}"
# Both sides get the same huge-page setting (our launchers default it to 1; PyTorch reads it too).
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
case "$what" in
  gpt2) ours=("$here/gpt2-generate.sh" --prompt 16 --new 64 --runs 2)
        peer=("$python" "$here/peer/torch_models.py" gpt2 --prompt 16 --new 64 --runs 2) ;;
  bert) ours=("$here/bert-forward.sh" --preset base --seq 128 --batches 1 --warmup 3 --iterations 10)
        peer=("$python" "$here/peer/torch_models.py" bert --seq 128 --batches 1 --warmup 3 --iterations 10) ;;
  *) echo "error: first argument must be gpt2 or bert, got '$what'" >&2; exit 2 ;;
esac
for ((r = 1; r <= rounds; r++)); do
  for t in $threads; do
    for p in $policies; do
      # Alternate which side goes first, so neither always gets the warmer (or quieter) slot.
      if ((r % 2)); then order="ours peer"; else order="peer ours"; fi
      for side in $order; do
        if [[ $side == ours ]]; then cmd=("${ours[@]}" --threads "$t"); else cmd=("${peer[@]}" --threads "$t"); fi
        if [[ $p == default ]]; then env=(env -u OMP_WAIT_POLICY); else env=(env OMP_WAIT_POLICY="$p"); fi
        if [[ $p == default && $side == ours ]]; then env=(env OMP_WAIT_POLICY=default); fi
        if ! out="$("${env[@]}" "${cmd[@]}" 2>&1)"; then
          echo "error: the $side run failed (threads $t, $p); its last lines:" >&2
          tail -n 15 <<<"$out" >&2
          exit 1
        fi
        grep -E "tokens/s|batch|load average" <<<"$out" | sed "s/^/[$what round $r threads $t $p $side] /"
      done
    done
  done
done
