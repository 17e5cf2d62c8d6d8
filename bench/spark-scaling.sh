#!/usr/bin/env bash
# Spark scaling benchmark (not a test): N texts (BANKING77 train+test, cycled) embedded with
# all-MiniLM-L6-v2 and classified with a fine-tuned BANKING77 classifier, by the single-process CLI
# (./transfer4j embed / predict, --threads 1 and 2) and by the Spark job (./transfer4j-spark,
# local[1] and local[2]), alternating so drift in machine load hits both. JSON lines in and out for
# both. Prints one line per run: what, seconds, texts/s, CPU seconds. Build first: mvn -B -o -DskipTests package
# Usage: bench/spark-scaling.sh CLASSIFIER_DIR [N=100000] [WORK=/tmp/spark-bench] [TASKS="embed classify"]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clf="${1:?give a fine-tuned classifier folder (transfer4j finetune classify)}"
n="${2:-100000}"
work="${3:-/tmp/spark-bench}/n$n"
tasks="${4:-embed classify}"
mkdir -p "$work"
data="$root/../shared/data/banking77"
# One text per line for the CLI, {"id":..,"text":..} lines for Spark: the same texts in the same order.
/usr/bin/python3 - "$data" "$n" "$work" <<'PY'
import csv, json, sys
data, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = []
for f in ("train.csv", "test.csv"):
    with open(f"{data}/{f}", newline="") as h:
        texts += [r["text"].replace("\n", " ").strip() for r in csv.DictReader(h)]
with open(f"{work}/texts.txt", "w") as t, open(f"{work}/input.jsonl", "w") as j:
    for i in range(n):
        x = texts[i % len(texts)]
        t.write(x + "\n")
        j.write(json.dumps({"id": i, "text": x}) + "\n")
PY
# One line per run: wall seconds, texts/s, and the CPU seconds of the process and its children
# (user + sys), the figure least disturbed by other jobs on a shared machine.
timed() {
  local what="$1"
  shift
  local TIMEFORMAT='%R %U %S' t real user sys
  t=$( { time "$@" >"$work/$what.log" 2>&1; } 2>&1 ) || {
    echo "$what failed; see $work/$what.log" >&2
    tail -5 "$work/$what.log" >&2
    return 1
  }
  read -r real user sys <<<"$t"
  awk -v w="$what" -v r="$real" -v c="$(echo "$user + $sys" | bc)" -v n="$n" \
    'BEGIN { printf "%-22s %8.1f s %8.1f texts/s  CPU %8.1f s %7.1f texts/CPU-s\n", w, r, n / r, c, n / c }'
}
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, N=$n, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
  [[ " $tasks " == *" embed "* ]] || break
  timed "cli-embed-t$t" "$root/transfer4j" embed --model all-MiniLM-L6-v2 --threads "$t" --quiet \
    --input "$work/texts.txt" --output "$work/cli-embed-t$t.jsonl"
  timed "spark-embed-local$t" "$root/transfer4j-spark" embed --master "local[$t]" --overwrite \
    --model all-MiniLM-L6-v2 --input "$work/input.jsonl" --output "$work/spark-embed-local$t"
done
for t in 1 2; do
  [[ " $tasks " == *" classify "* ]] || break
  timed "cli-classify-t$t" sh -c "'$root/transfer4j' predict --model '$clf' --threads $t \
    --input '$work/texts.txt' > '$work/cli-classify-t$t.jsonl'"
  timed "spark-classify-local$t" "$root/transfer4j-spark" classify --master "local[$t]" \
    --overwrite --model "$clf" --input "$work/input.jsonl" --output "$work/spark-classify-local$t"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
