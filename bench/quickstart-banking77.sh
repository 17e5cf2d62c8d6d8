#!/usr/bin/env bash
# Pretraining vs from scratch on BANKING77 (PolyAI, CC BY 4.0) through the CLI: WordPiece on the
# 10,003 training texts, BERT pretraining on them, then fine-tuning on PER_CLASS labelled texts
# per class with and without the pretrained weights (same steps), scored on the 3,080 test texts.
# Fixed step counts (not --minutes), so the result does not depend on the machine's speed.
#   bench/quickstart-banking77.sh [MODEL] [PER_CLASS] [PRETRAIN_STEPS] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-tiny}
PER_CLASS=${2:-10}
PRETRAIN_STEPS=${3:-600}
EPOCHS=${4:-6}
DATA=${BANKING77:-../shared/data/banking77}
OUT=${OUT:-bench/target/quickstart-banking77-$MODEL}
[ -x transfer4j-cli/target/transfer4j-cli.jar ] || [ -f transfer4j-cli/target/transfer4j-cli.jar ] \
  || mvn -B -o -q -DskipTests package
echo "$(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
time ./transfer4j quickstart --data banking77 "$DATA" --per-class "$PER_CLASS" --model "$MODEL" \
  --max-length 32 --vocab-size 4000 --pretrain-steps "$PRETRAIN_STEPS" --epochs "$EPOCHS" \
  --overwrite --output "$OUT"
cat "$OUT/summary.md"
