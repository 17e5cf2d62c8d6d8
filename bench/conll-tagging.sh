#!/usr/bin/env bash
# Named-entity tagging on CoNLL-2003 English (eng.train -> eng.testa, conlleval span F1), the
# taggers of issue 13 through the CLI:
#   bilstm            BiLSTM + casing on fastText vectors, softmax per word
#   bilstm-crf        the same with a CRF output (IOB1 transitions constrained)
#   bilstm-crf-char   + character CNN
#   bilstm-crf-char-mix   + ELMo-style scalar mix of all-MiniLM-L6-v2's 7 hidden states (frozen)
#   minilm / minilm-crf   fine-tuned all-MiniLM-L6-v2 (built in), without / with CRF
# Vectors: Debian's `fasttext skipgram` (dim 100, 20 epochs, every word) on the 14,041 training
# sentences, cased; the development words it has not seen get their subword vectors
# (`fasttext print-word-vectors`, which reads only the words, no context and no tags), as a
# fastText model would give them at prediction time.
#   bench/conll-tagging.sh [RUNS...]        (default: bilstm bilstm-crf bilstm-crf-char)
#   EPOCHS=30 PATIENCE=5 THREADS=1 OUT=/tmp/conll-tagging
# Each run prints its best dev F1 and the median seconds per epoch (training + dev pass + best
# checkpoint) to $OUT/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${CONLL:-../shared/data/conll2003}
OUT=${OUT:-/tmp/conll-tagging}
EPOCHS=${EPOCHS:-30}
PATIENCE=${PATIENCE:-5}
THREADS=${THREADS:-1}
PY=${PYTHON:-/usr/bin/python3}
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(bilstm bilstm-crf bilstm-crf-char)
mkdir -p "$OUT"
[ -f transfer4j-cli/target/transfer4j-cli.jar ] || mvn -B -o -q -DskipTests package
# A private copy of the build, so rebuilding the worktree cannot disturb a running benchmark.
if [ ! -d "$OUT/dist" ]; then
  mkdir -p "$OUT/dist.tmp" && cp -r transfer4j-cli/target/transfer4j-cli.jar transfer4j-cli/target/lib \
    "$OUT/dist.tmp/" && mv "$OUT/dist.tmp" "$OUT/dist"
fi
t4j() {
  OMP_WAIT_POLICY=PASSIVE java -Xmx4g -XX:+UseParallelGC -Dai.djl.offline=true \
    -cp "$OUT/dist/transfer4j-cli.jar:$OUT/dist/lib/*" org.transfer4j.cli.Main "$@"
}
sentences() { # CoNLL file -> one sentence per line
  awk 'NF==0{if(n)print line; line="";n=0;next} $1=="-DOCSTART-"{next} {line=(n?line" ":"")$1; n++} END{if(n)print line}' "$1"
}
if [ ! -f "$OUT/ft-all.vec" ]; then
  sentences "$DATA/eng.train" > "$OUT/train.txt"
  sentences "$DATA/eng.testa" > "$OUT/dev.txt"
  fasttext skipgram -input "$OUT/train.txt" -output "$OUT/ft" -dim 100 -epoch 20 -minCount 1 \
    -thread "$THREADS" > "$OUT/skipgram.log" 2>&1
  tail -n +2 "$OUT/ft.vec" | cut -d' ' -f1 | sort -u > "$OUT/known.txt"
  tr ' ' '\n' < "$OUT/dev.txt" | sort -u | comm -23 - "$OUT/known.txt" > "$OUT/unseen.txt"
  fasttext print-word-vectors "$OUT/ft.bin" < "$OUT/unseen.txt" > "$OUT/unseen.vec"
  { echo "$(( $(wc -l < "$OUT/known.txt") + $(wc -l < "$OUT/unseen.txt") )) 100"
    tail -n +2 "$OUT/ft.vec"; cat "$OUT/unseen.vec"; } > "$OUT/ft-all.vec.tmp"
  mv "$OUT/ft-all.vec.tmp" "$OUT/ft-all.vec"
fi
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "load at start: $(uptime)"
} >> "$OUT/summary.txt"
COMMON=(--scheme iob1 --train "$DATA/eng.train" --validation "$DATA/eng.testa" --threads "$THREADS"
  --epochs "$EPOCHS" --patience "$PATIENCE" --metric f1 --overwrite)
for run in "${RUNS[@]}"; do
  case "$run" in
    bilstm) args=(--arch bilstm --vectors "$OUT/ft-all.vec" --batch-size 32 --lr 2e-3 --schedule constant --clip 5) ;;
    bilstm-crf) args=(--arch bilstm-crf --vectors "$OUT/ft-all.vec" --batch-size 32 --lr 2e-3 --schedule constant --clip 5) ;;
    bilstm-crf-char) args=(--arch bilstm-crf --char-cnn --vectors "$OUT/ft-all.vec" --batch-size 32 --lr 2e-3 --schedule constant --clip 5) ;;
    bilstm-crf-char-mix) args=(--arch bilstm-crf --char-cnn --contextual all-MiniLM-L6-v2 --layer-mix scalar --vectors "$OUT/ft-all.vec" --batch-size 32 --lr 2e-3 --schedule constant --clip 5) ;;
    minilm) args=(--model all-MiniLM-L6-v2 --batch-size 32 --lr 1e-4 --max-length 192) ;;
    minilm-crf) args=(--model all-MiniLM-L6-v2 --crf --batch-size 32 --lr 1e-4 --max-length 192) ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
  start=$(date +%s)
  t4j finetune tag "${args[@]}" "${COMMON[@]}" --output "$OUT/$run" > "$OUT/$run.out" 2> "$OUT/$run.err" || true
  wall=$(( $(date +%s) - start ))
  epochs=$("$PY" bench/peer/epoch_times.py "$OUT/$run" 2>/dev/null || echo "[]")
  best=$(grep -o 'restored the best model: f1 [0-9.]* at step [0-9]*' "$OUT/$run.err" | tail -1)
  evals=$(grep -c '^eval step' "$OUT/$run.err" || true)
  echo "$run: ${best:-no result (see $OUT/$run.err)}; $evals epochs in ${wall} s; seconds per epoch (2..N) $epochs" >> "$OUT/summary.txt"
done
echo "load at end: $(uptime)" >> "$OUT/summary.txt"
cat "$OUT/summary.txt"
