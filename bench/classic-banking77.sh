#!/usr/bin/env bash
# Word-vector classifiers on BANKING77 (PolyAI, CC BY 4.0): transfer4j's DAN, BiLSTM and CNN on
# fastText skip-gram vectors against `fasttext supervised`, and their training time per epoch
# against PyTorch running the same models on the same data (bench/peer/classic_banking77.py).
#   bench/classic-banking77.sh            # results in $OUT/summary*.txt
#   PARTS="fasttext" bench/classic-banking77.sh & PARTS="accuracy" bench/classic-banking77.sh &
#   PARTS="timing" bench/classic-banking77.sh     # the three parts in parallel on a busy machine
# Split: the 10,003 training texts shuffled (seed 0) into 9,003 for training and 1,000 for
# validation (early stopping, best checkpoint); the 3,080 test texts scored once at the end.
# Vectors: `fasttext skipgram` on the lowercased, wordpunct-tokenized 10,003 training texts.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${BANKING77:-../shared/data/banking77}
OUT=${OUT:-/tmp/classic-banking77}
EPOCHS=${EPOCHS:-20}
TIME_EPOCHS=${TIME_EPOCHS:-4}
PY=${PYTHON:-/usr/bin/python3}
PARTS=${PARTS:-fasttext accuracy timing}
TAG=${PARTS// /-}
mkdir -p "$OUT"
has() { [[ " $PARTS " == *" $1 "* ]]; }
[ -f transfer4j-cli/target/transfer4j-cli.jar ] || mvn -B -o -q -DskipTests package
# A private copy of the build, so rebuilding the worktree cannot disturb a running benchmark.
if [ ! -d "$OUT/dist" ]; then
  mkdir -p "$OUT/dist.tmp" && cp -r transfer4j-cli/target/transfer4j-cli.jar transfer4j-cli/target/lib \
    "$OUT/dist.tmp/" && mv "$OUT/dist.tmp" "$OUT/dist"
fi
# A launcher file rather than a function, so that /usr/bin/time can run it.
cat > "$OUT/t4j-$TAG" <<SH
#!/usr/bin/env bash
OMP_WAIT_POLICY=PASSIVE exec java -Xmx6g -XX:+UseParallelGC -Dai.djl.offline=true \\
  -cp "$OUT/dist/transfer4j-cli.jar:$OUT/dist/lib/*" org.transfer4j.cli.Main "\$@"
SH
chmod +x "$OUT/t4j-$TAG"
t4j() { "$OUT/t4j-$TAG" "$@"; }
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "load at start: $(uptime)"
} > "$OUT/summary-$TAG.txt"

[ -f "$OUT/texts.txt" ] || "$PY" - "$DATA" "$OUT" <<'PYEOF'
import csv, random, re, sys
data, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f"{data}/train.csv", newline="", encoding="utf-8")))
random.Random(0).shuffle(rows)
for name, part in [("valid.csv", rows[:1000]), ("train.csv", rows[1000:])]:
    w = csv.DictWriter(open(f"{out}/{name}", "w", newline="", encoding="utf-8"), ["text", "category"])
    w.writeheader(); w.writerows(part)
word = re.compile(r"\w+|[^\w\s]+")
def ft(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(f"__label__{r['category']} {' '.join(word.findall(r['text'].lower()))}\n")
ft(rows[1000:], f"{out}/train.ft.txt"); ft(rows, f"{out}/full.ft.txt")
ft(list(csv.DictReader(open(f"{data}/test.csv", newline="", encoding="utf-8"))), f"{out}/test.ft.txt")
with open(f"{out}/texts.txt", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(" ".join(word.findall(r["text"].lower())) + "\n")
PYEOF

# Skip-gram vectors from the training texts (fastText defaults but every word kept).
[ -f "$OUT/ft.vec" ] || fasttext skipgram -input "$OUT/texts.txt" -output "$OUT/ft" -dim 100 \
  -epoch 20 -minCount 1 -thread 1 > "$OUT/skipgram.log" 2>&1

# The fastText classifier, on the same 9,003 texts and on all 10,003.
for split in train full; do
  has fasttext || break
  [ -f "$OUT/ftsup-$split.bin" ] || fasttext supervised -input "$OUT/$split.ft.txt" -output "$OUT/ftsup-$split" -epoch 50 -lr 0.5 \
    -minn 3 -maxn 5 -thread 1 > "$OUT/ftsup-$split.log" 2>&1
  echo "fasttext supervised ($split): $(fasttext test "$OUT/ftsup-$split.bin" "$OUT/test.ft.txt" | grep P@1)" \
    >> "$OUT/summary-$TAG.txt"
done

COMMON=(--vectors "$OUT/ft.vec" --lowercase --max-length auto --train "$OUT/train.csv"
  --validation "$OUT/valid.csv" --test "$DATA/test.csv" --label-column category
  --batch-size 64 --lr 2e-3 --threads 1)
for arch in dan cnn bilstm; do
  # Accuracy: up to $EPOCHS epochs, best validation accuracy kept, patience 3.
  if has accuracy; then
  /usr/bin/time -f "%e" -o "$OUT/$arch.wall" "$OUT/t4j-$TAG" finetune classify --arch "$arch" "${COMMON[@]}" \
    --epochs "$EPOCHS" --metric accuracy --patience 3 --overwrite --output "$OUT/$arch" \
    > "$OUT/$arch.out" 2> "$OUT/$arch.err"
  echo "transfer4j $arch: $(grep '^test:' "$OUT/$arch.out" | grep -o 'accuracy=[0-9.]*') ($(cat "$OUT/$arch.wall") s)" \
    >> "$OUT/summary-$TAG.txt"
  fi
  has timing || continue
  # Time per epoch: transfer4j and the peer run at the same time for $TIME_EPOCHS epochs, so that
  # both see the same load from the rest of the machine; each epoch = training pass + validation
  # pass (ours also saves the best checkpoint). Ours from the wall times of the TensorBoard
  # events at each evaluation, the peer's from its own clock; the medians of epochs 2..N.
  rm -rf "$OUT/$arch-time"
  "$OUT/t4j-$TAG" finetune classify --arch "$arch" "${COMMON[@]}" --epochs "$TIME_EPOCHS" \
    --output "$OUT/$arch-time" > /dev/null 2>&1 &
  ours=$!
  "$PY" bench/peer/classic_banking77.py --arch "$arch" --vectors "$OUT/ft.vec" \
    --train "$OUT/train.csv" --validation "$OUT/valid.csv" --test "$DATA/test.csv" \
    --epochs "$TIME_EPOCHS" --threads 1 --lr 2e-3 --batch-size 64 > "$OUT/$arch.peer.json"
  wait "$ours"
  "$PY" bench/peer/epoch_times.py "$OUT/$arch-time" > "$OUT/$arch.epochs.json"
  "$PY" - "$OUT" "$arch" >> "$OUT/summary-$TAG.txt" <<'PYEOF'
import json, statistics, sys
out, arch = sys.argv[1], sys.argv[2]
ours_all = json.load(open(f"{out}/{arch}.epochs.json"))  # epochs 2..N (differences)
peer = json.load(open(f"{out}/{arch}.peer.json"))
ours, theirs = statistics.median(ours_all), statistics.median(peer["epoch_s"][1:])
print(f"epoch time {arch}: transfer4j {ours:.1f} s {ours_all}, {peer['peer']} {theirs:.1f} s "
      f"{peer['epoch_s']}, ratio (peer/ours) {theirs / ours:.2f}x; peer test accuracy after "
      f"{len(peer['epoch_s'])} epochs {peer['test_accuracy']:.4f}")
PYEOF
done
echo "load at end: $(uptime)" >> "$OUT/summary-$TAG.txt"
cat "$OUT/summary-$TAG.txt"
