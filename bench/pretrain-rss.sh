#!/usr/bin/env bash
# Resident memory of `pretrain` against corpus size (issue 11, item 6): 1,500 steps of BERT-Tiny on
# a 10k-line and a 100k-line corpus, same tokenizer and options; max RSS from /usr/bin/time -v.
# Memory must stay flat in corpus size (token cache memory-mapped, batches in closed managers).
# Usage: bench/pretrain-rss.sh [WORKDIR]   (needs ../shared/data/conll2003/eng.train and a build)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/pretrain-rss}"
mkdir -p "$work"
# Synthetic corpora: CoNLL-2003 training sentences (>= 4 words), words shuffled per line, seed 1.
python3 - "$here/../shared/data/conll2003/eng.train" "$work" <<'PY'
import random, sys
random.seed(1)
sents, cur = [], []
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.strip()
    if not line or line.startswith('-DOCSTART-'):
        if len(cur) >= 4:
            sents.append(cur)
        cur = []
        continue
    cur.append(line.split()[0])
for n in (10000, 100000):
    with open(f'{sys.argv[2]}/corpus-{n // 1000}k.txt', 'w') as f:
        for _ in range(n):
            s = list(random.choice(sents)); random.shuffle(s); f.write(' '.join(s) + '\n')
PY
cd "$work"
rm -rf tok
"$here/transfer4j" tokenizer train --vocab-size 8000 --quiet -o tok corpus-10k.txt
for n in 10k 100k; do
  /usr/bin/time -v "$here/transfer4j" pretrain --corpus "corpus-$n.txt" --tokenizer tok \
      --config tiny --max-length 64 --epochs 0 --max-steps 1500 --batch-size 32 --lr 5e-4 \
      --log-every 250 --threads 1 --no-plots --overwrite -o "run-$n" > "run-$n.log" 2>&1
  echo "$n: $(grep -E 'Maximum resident' "run-$n.log")"
done
